-- A result database written by schema version 3 of dnn-surgery (commit 707fac6: p2p, 2 devices,
-- 2 s, local and dds), dumped with sqlite3 .dump; the two pragmas are what .dump leaves out.
PRAGMA application_id = 1145982547;
PRAGMA user_version = 3;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta VALUES('schema_version','3');
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario        TEXT NOT NULL,
  policy          TEXT NOT NULL,
  seed            INTEGER NOT NULL,
  run_number      INTEGER NOT NULL,
  sweep_parameter TEXT NOT NULL DEFAULT '',
  sweep_value     TEXT NOT NULL DEFAULT '',
  module_version  TEXT NOT NULL,
  ns3_version     TEXT NOT NULL,
  git_commit      TEXT NOT NULL DEFAULT '',
  scenario_text   TEXT NOT NULL,
  sim_duration    REAL,
  warmup          REAL NOT NULL DEFAULT 0,
  start_time      TEXT NOT NULL,
  wall_seconds    REAL,
  status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'interrupted')),
  message         TEXT NOT NULL DEFAULT '',
  pid             INTEGER,
  host            TEXT
);
INSERT INTO runs VALUES(1,'default','local',1,1,'','','0.1.0','3.37','707fac6b148b4f8fa0cd3ccf5456b49c2cac6270',replace('{\n  "name": "default",\n  "description": "Main comparison: 8 devices (resnet18, mobilenet_v2, googlenet) on one 802.11ax AP share one edge GPU of 1 TFLOP/s; every policy on the same traffic, 5 independent runs (RngRun 1-5) of 8 s each, the first 2 s excluded as warm-up (about 3 minutes on 2 cores with --jobs=2).",\n  "duration": 2,\n  "warmup": 0.5,\n  "seeds": [\n    1\n  ],\n  "runs": 1,\n  "policies": [\n    "local",\n    "dds"\n  ],\n  "network": {\n    "type": "p2p",\n    "wifiStandard": "802.11ax",\n    "accessPoints": 1,\n    "layout": "line",\n    "apSpacing": 60.0,\n    "backhaulRate": 1000000000.0,\n    "backhaulDelay": 0.0005,\n    "backhaul": "p2p",\n    "p2pRate": 20000000.0,\n    "p2pDelay": 0.002\n  },\n  "devices": {\n    "count": 2,\n    "models": [\n      {\n        "name": "resnet18",\n        "weight": 2\n      },\n      {\n        "name": "mobilenet_v2",\n        "weight": 1\n      },\n      {\n        "name": "googlenet",\n        "weight": 1\n      }\n    ],\n    "deviceClass": "rpi4",\n    "lambda": 1.0,\n    "pattern": "poisson",\n    "rate": 2.0,\n    "maxDistance": 10.0,\n    "timeout": 2.0,\n    "deadline": "none"\n  },\n  "mobility": {\n    "model": "constant",\n    "speed": 1.0\n  },\n  "server": {\n    "capacity": 1000000000000.0,\n    "p0": 2e-13,\n    "kappa": 2e-25,\n    "sharing": "reserved",\n    "serverClass": "edge-gpu"\n  },\n  "game": {\n    "epsilon": 0.0001,\n    "maxRounds": 50,\n    "rateThreshold": 0.2\n  },\n  "output": {\n    "pcap": "",\n    "flowMonitor": "",\n    "netanim": ""\n  },\n  "sweep": {\n    "parameter": "",\n    "values": []\n  }\n}','\n',char(10)),2.0,0.5,'2026-12-02T14:33:14Z',0.024711604000000001596,'complete','',21487,'vm');
INSERT INTO runs VALUES(2,'default','dds',1,1,'','','0.1.0','3.37','707fac6b148b4f8fa0cd3ccf5456b49c2cac6270',replace('{\n  "name": "default",\n  "description": "Main comparison: 8 devices (resnet18, mobilenet_v2, googlenet) on one 802.11ax AP share one edge GPU of 1 TFLOP/s; every policy on the same traffic, 5 independent runs (RngRun 1-5) of 8 s each, the first 2 s excluded as warm-up (about 3 minutes on 2 cores with --jobs=2).",\n  "duration": 2,\n  "warmup": 0.5,\n  "seeds": [\n    1\n  ],\n  "runs": 1,\n  "policies": [\n    "local",\n    "dds"\n  ],\n  "network": {\n    "type": "p2p",\n    "wifiStandard": "802.11ax",\n    "accessPoints": 1,\n    "layout": "line",\n    "apSpacing": 60.0,\n    "backhaulRate": 1000000000.0,\n    "backhaulDelay": 0.0005,\n    "backhaul": "p2p",\n    "p2pRate": 20000000.0,\n    "p2pDelay": 0.002\n  },\n  "devices": {\n    "count": 2,\n    "models": [\n      {\n        "name": "resnet18",\n        "weight": 2\n      },\n      {\n        "name": "mobilenet_v2",\n        "weight": 1\n      },\n      {\n        "name": "googlenet",\n        "weight": 1\n      }\n    ],\n    "deviceClass": "rpi4",\n    "lambda": 1.0,\n    "pattern": "poisson",\n    "rate": 2.0,\n    "maxDistance": 10.0,\n    "timeout": 2.0,\n    "deadline": "none"\n  },\n  "mobility": {\n    "model": "constant",\n    "speed": 1.0\n  },\n  "server": {\n    "capacity": 1000000000000.0,\n    "p0": 2e-13,\n    "kappa": 2e-25,\n    "sharing": "reserved",\n    "serverClass": "edge-gpu"\n  },\n  "game": {\n    "epsilon": 0.0001,\n    "maxRounds": 50,\n    "rateThreshold": 0.2\n  },\n  "output": {\n    "pcap": "",\n    "flowMonitor": "",\n    "netanim": ""\n  },\n  "sweep": {\n    "parameter": "",\n    "values": []\n  }\n}','\n',char(10)),2.0,0.5,'2026-12-02T14:33:14Z',0.032080499999999997906,'complete','',21487,'vm');
CREATE TABLE devices (
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  device       INTEGER NOT NULL,
  node_id      INTEGER,
  model        TEXT,
  device_class TEXT,
  lambda       REAL,
  pattern      TEXT,
  request_rate REAL,
  x            REAL,
  y            REAL,
  join_time    REAL,
  leave_time   REAL,
  PRIMARY KEY (run_id, device)
);
INSERT INTO devices VALUES(1,0,1,'resnet18','rpi4',1.0,'poisson',2.0,0.0,0.0,0.5,NULL);
INSERT INTO devices VALUES(1,1,2,'mobilenet_v2','rpi4',1.0,'poisson',2.0,0.0,0.0,0.5,NULL);
INSERT INTO devices VALUES(2,0,1,'resnet18','rpi4',1.0,'poisson',2.0,0.0,0.0,0.5,NULL);
INSERT INTO devices VALUES(2,1,2,'mobilenet_v2','rpi4',1.0,'poisson',2.0,0.0,0.0,0.5,NULL);
CREATE TABLE game_rounds (
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  start_time    REAL,
  time          REAL NOT NULL,
  epoch         INTEGER NOT NULL,
  rounds        INTEGER NOT NULL,
  trigger       TEXT,
  players       INTEGER,
  aggregate     REAL,
  price         REAL,
  changes       INTEGER,
  messages      INTEGER,
  control_bytes INTEGER,
  potential     REAL,
  converged     INTEGER,
  aborted       INTEGER
);
INSERT INTO game_rounds VALUES(1,0.63626519999999997523,0.63626519999999997523,1,0,'join',2,0.0,2.0000000000000000607e-13,0,2,66,NULL,1,0);
INSERT INTO game_rounds VALUES(2,0.63626519999999997523,0.65268680400000000929,1,2,'join',2,183699568981.33587646,2.3673991379626720421e-13,1,11,657,NULL,1,0);
CREATE TABLE allocations (
  run_id  INTEGER NOT NULL REFERENCES runs(id),
  time    REAL NOT NULL,
  epoch   INTEGER,
  round   INTEGER,
  device  INTEGER NOT NULL,
  demand  REAL,
  granted REAL NOT NULL,
  price   REAL,
  payment REAL
);
INSERT INTO allocations VALUES(1,0.63626519999999997523,1,0,0,NULL,0.0,2.0000000000000000607e-13,0.0);
INSERT INTO allocations VALUES(1,0.63626519999999997523,1,0,1,NULL,0.0,2.0000000000000000607e-13,0.0);
INSERT INTO allocations VALUES(2,0.640376001000000028,1,0,0,NULL,183699568981.33587646,2.3673991379626720421e-13,0.043489020125052894882);
CREATE TABLE placements (
  run_id            INTEGER NOT NULL REFERENCES runs(id),
  time              REAL NOT NULL,
  device            INTEGER NOT NULL,
  placement         TEXT,
  layers_on_server  INTEGER,
  bytes_up          REAL,
  bytes_down        REAL,
  a                 REAL,
  b                 REAL,
  share             REAL,
  predicted_latency REAL
);
INSERT INTO placements VALUES(1,1.5,1,'000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',0,0.0,0.0,0.11820364399999998272,0.0,0.0,0.11820364399999998272);
INSERT INTO placements VALUES(1,1.5,0,'0000000000000000000000000000000000000000000000000000000000000000000000',0,0.0,0.0,0.46895593599999990663,0.0,0.0,0.46895593599999990663);
INSERT INTO placements VALUES(2,1.5,1,'000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',0,0.0,0.0,0.11820364399999998272,0.0,0.0,0.11820364399999998272);
INSERT INTO placements VALUES(2,1.5,0,'0111111111111111111111111111111111111111111111111111111111111111111111',69,602112.0,4000.0,0.25528230004269558683,9228722176.0,183699568981.33587646,0.30552042649653421424);
CREATE TABLE requests (
  run_id           INTEGER NOT NULL REFERENCES runs(id),
  device           INTEGER NOT NULL,
  request          INTEGER NOT NULL,
  issued           REAL,
  device_start     REAL,
  device_end       REAL,
  upload_start     REAL,
  upload_end       REAL,
  server_queued    REAL,
  server_start     REAL,
  server_end       REAL,
  download_end     REAL,
  completed        REAL,
  bytes_up         REAL,
  bytes_down       REAL,
  outcome          TEXT NOT NULL CHECK (outcome IN ('completed', 'fallback', 'failed',
                                                'unfinished')),
  latency          REAL,
  share            REAL,
  layers_on_server INTEGER,
  deadline         REAL,
  deadline_met     INTEGER,
  predicted        REAL,
  server_work      REAL
);
INSERT INTO requests VALUES(1,1,0,1.5,1.5,1.6182036440000000521,NULL,NULL,NULL,NULL,NULL,NULL,1.6182036440000000521,0.0,0.0,'completed',0.11820364400000005211,0.0,0,NULL,NULL,0.11820364399999998272,0.0);
INSERT INTO requests VALUES(1,1,1,1.6230050209999999921,1.6230050209999999921,1.7412086650000000442,NULL,NULL,NULL,NULL,NULL,NULL,1.7412086650000000442,0.0,0.0,'completed',0.11820364400000005211,0.0,0,NULL,NULL,0.11820364399999998272,0.0);
INSERT INTO requests VALUES(1,1,2,1.7936070189999999691,1.7936070189999999691,1.9118106630000000212,NULL,NULL,NULL,NULL,NULL,NULL,1.9118106630000000212,0.0,0.0,'completed',0.11820364400000005211,0.0,0,NULL,NULL,0.11820364399999998272,0.0);
INSERT INTO requests VALUES(1,0,0,1.5,1.5,1.9689559359999999621,NULL,NULL,NULL,NULL,NULL,NULL,1.9689559359999999621,0.0,0.0,'completed',0.46895593599999996214,0.0,0,NULL,NULL,0.46895593599999990663,0.0);
INSERT INTO requests VALUES(1,0,1,1.9892099979999999792,1.9892099979999999792,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,0.0,0.0,'unfinished',NULL,0.0,0,NULL,NULL,0.46895593599999990663,0.0);
INSERT INTO requests VALUES(2,1,0,1.5,1.5,1.6182036440000000521,NULL,NULL,NULL,NULL,NULL,NULL,1.6182036440000000521,0.0,0.0,'completed',0.11820364400000005211,0.0,0,NULL,NULL,0.11820364399999998272,0.0);
INSERT INTO requests VALUES(2,1,1,1.6230050209999999921,1.6230050209999999921,1.7412086650000000442,NULL,NULL,NULL,NULL,NULL,NULL,1.7412086650000000442,0.0,0.0,'completed',0.11820364400000005211,0.0,0,NULL,NULL,0.11820364399999998272,0.0);
INSERT INTO requests VALUES(2,0,0,1.5,1.5,1.5,1.5,1.7518640009999999485,1.7518640009999999485,1.7518640009999999485,1.8021021269999999425,1.8057913279999999733,1.8057913279999999733,602112.0,4000.0,'completed',0.30579132799999997338,183699568981.33587646,69,NULL,NULL,0.30552042649653421424,9228722176.0);
INSERT INTO requests VALUES(2,1,2,1.7936070189999999691,1.7936070189999999691,1.9118106630000000212,NULL,NULL,NULL,NULL,NULL,NULL,1.9118106630000000212,0.0,0.0,'completed',0.11820364400000005211,0.0,0,NULL,NULL,0.11820364399999998272,0.0);
INSERT INTO requests VALUES(2,0,1,1.9892099979999999792,1.9892099979999999792,1.9892099979999999792,1.9892099979999999792,NULL,NULL,NULL,NULL,NULL,NULL,602112.0,0.0,'unfinished',NULL,183699568981.33587646,69,NULL,NULL,0.30552042649653421424,0.0);
CREATE TABLE rate_estimates (
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  time         REAL NOT NULL,
  device       INTEGER NOT NULL,
  uplink_bps   REAL,
  downlink_bps REAL,
  rtt          REAL
);
INSERT INTO rate_estimates VALUES(1,0.50816799999999995307,0,0.0,0.0,0.0041215999999999995695);
INSERT INTO rate_estimates VALUES(1,0.50816799999999995307,1,0.0,0.0,0.0041215999999999995695);
INSERT INTO rate_estimates VALUES(1,0.56664079999999994452,0,19313228.884438633919,19297884.236235823482,0.0041215999999999995695);
INSERT INTO rate_estimates VALUES(1,0.56664079999999994452,1,19313228.884438633919,19297884.236235823482,0.0041215999999999995695);
INSERT INTO rate_estimates VALUES(1,0.57074080000000004808,0,19313228.884438633919,19297884.236235823482,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(1,0.57074080000000004808,1,19313228.884438633919,19297884.236235823482,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(1,0.62921360000000003953,0,19305553.511238049716,19290221.05216711387,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(1,0.62921360000000003953,1,19305553.511238049716,19290221.05216711387,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(1,0.63331959999999998256,0,19305553.511238049716,19290221.05216711387,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(1,0.63331959999999998256,1,19305553.511238049716,19290221.05216711387,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(1,1.5040784009999998982,0,19305553.511238049716,19290221.05216711387,0.0041041042999999995805);
INSERT INTO rate_estimates VALUES(1,1.5040784009999998982,1,19305553.511238049716,19290221.05216711387,0.0041041042999999995805);
INSERT INTO rate_estimates VALUES(2,0.50816799999999995307,0,0.0,0.0,0.0041215999999999995695);
INSERT INTO rate_estimates VALUES(2,0.50816799999999995307,1,0.0,0.0,0.0041215999999999995695);
INSERT INTO rate_estimates VALUES(2,0.56664079999999994452,0,19313228.884438633919,19297884.236235823482,0.0041215999999999995695);
INSERT INTO rate_estimates VALUES(2,0.56664079999999994452,1,19313228.884438633919,19297884.236235823482,0.0041215999999999995695);
INSERT INTO rate_estimates VALUES(2,0.57074080000000004808,0,19313228.884438633919,19297884.236235823482,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(2,0.57074080000000004808,1,19313228.884438633919,19297884.236235823482,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(2,0.62921360000000003953,0,19305553.511238049716,19290221.05216711387,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(2,0.62921360000000003953,1,19305553.511238049716,19290221.05216711387,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(2,0.63331959999999998256,0,19305553.511238049716,19290221.05216711387,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(2,0.63331959999999998256,1,19305553.511238049716,19290221.05216711387,0.004115119999999999889);
INSERT INTO rate_estimates VALUES(2,1.5040784009999998982,1,19305553.511238049716,19290221.05216711387,0.0041041042999999995805);
INSERT INTO rate_estimates VALUES(2,1.5046400010000000602,0,19305553.511238049716,19290221.05216711387,0.004272584299999999946);
INSERT INTO rate_estimates VALUES(2,1.8057913279999999733,0,19300849.612186662852,19290221.05216711387,0.004272584299999999946);
CREATE TABLE run_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name   TEXT NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, name)
);
INSERT INTO run_metrics VALUES(1,'server_capacity',1000000000000.0);
INSERT INTO run_metrics VALUES(1,'price_p0',2.0000000000000000607e-13);
INSERT INTO run_metrics VALUES(1,'request_timeout',2.0);
INSERT INTO run_metrics VALUES(1,'server_work_flop',0.0);
INSERT INTO run_metrics VALUES(1,'server_utilisation',0.0);
INSERT INTO run_metrics VALUES(1,'server_idle_reserved',0.0);
INSERT INTO run_metrics VALUES(1,'server_busy_fraction',0.0);
INSERT INTO run_metrics VALUES(1,'game_reentries',0.0);
INSERT INTO run_metrics VALUES(1,'game_reentries_skipped',0.0);
INSERT INTO run_metrics VALUES(2,'server_capacity',1000000000000.0);
INSERT INTO run_metrics VALUES(2,'price_p0',2.0000000000000000607e-13);
INSERT INTO run_metrics VALUES(2,'request_timeout',2.0);
INSERT INTO run_metrics VALUES(2,'server_work_flop',9228722176.0);
INSERT INTO run_metrics VALUES(2,'server_utilisation',0.006152481450666666754);
INSERT INTO run_metrics VALUES(2,'server_idle_reserved',0.16035574700023347283);
INSERT INTO run_metrics VALUES(2,'server_busy_fraction',0.033492083999999998356);
INSERT INTO run_metrics VALUES(2,'game_sum_cost_ne',0.46721309062158711267);
INSERT INTO run_metrics VALUES(2,'game_sum_cost_opt',0.46721309062158711267);
INSERT INTO run_metrics VALUES(2,'game_poa',1.0);
INSERT INTO run_metrics VALUES(2,'game_reentries',0.0);
INSERT INTO run_metrics VALUES(2,'game_reentries_skipped',0.0);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('runs',2);
CREATE INDEX devices_run ON devices(run_id);
CREATE INDEX game_rounds_run ON game_rounds(run_id);
CREATE INDEX allocations_run ON allocations(run_id);
CREATE INDEX placements_run ON placements(run_id);
CREATE INDEX rate_estimates_run ON rate_estimates(run_id);
CREATE VIEW measured_requests AS
SELECT q.* FROM requests q JOIN runs r ON r.id = q.run_id WHERE q.issued >= r.warmup;
CREATE VIEW run_outcomes AS
SELECT run_id,
       COUNT(*) AS issued,
       SUM(outcome = 'completed') AS completed,
       SUM(outcome = 'fallback') AS fallback,
       SUM(outcome = 'failed') AS failed,
       SUM(bytes_up) AS bytes_up,
       SUM(bytes_down) AS bytes_down,
       COUNT(deadline_met) AS with_deadline,
       SUM(deadline_met) AS deadline_met,
       SUM(outcome = 'unfinished') AS unfinished
FROM measured_requests GROUP BY run_id;
CREATE VIEW run_latency AS
SELECT run_id,
       COUNT(*) AS n,
       AVG(latency) AS mean_latency,
       MAX(CASE WHEN rnk = MAX(1, (50 * cnt + 99) / 100) THEN latency END) AS p50_latency,
       MAX(CASE WHEN rnk = MAX(1, (95 * cnt + 99) / 100) THEN latency END) AS p95_latency,
       MAX(CASE WHEN rnk = MAX(1, (99 * cnt + 99) / 100) THEN latency END) AS p99_latency,
       MAX(latency) AS max_latency
FROM (SELECT run_id, latency,
             ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY latency) AS rnk,
             COUNT(*) OVER (PARTITION BY run_id) AS cnt
      FROM measured_requests WHERE latency IS NOT NULL)
GROUP BY run_id;
CREATE VIEW device_latency AS
SELECT run_id, device,
       COUNT(*) AS issued,
       SUM(outcome = 'completed') AS completed,
       SUM(outcome = 'fallback') AS fallback,
       SUM(outcome = 'failed') AS failed,
       AVG(latency) AS mean_latency,
       SUM(outcome = 'unfinished') AS unfinished
FROM measured_requests GROUP BY run_id, device;
CREATE VIEW device_payments AS
SELECT a.run_id, a.device,
       SUM(a.payment * (COALESCE(a.next_time, r.sim_duration) - a.time)) AS paid
FROM (SELECT run_id, device, time, payment,
             LEAD(time) OVER (PARTITION BY run_id, device ORDER BY time, rowid) AS next_time
      FROM allocations) a
JOIN runs r ON r.id = a.run_id
GROUP BY a.run_id, a.device;
CREATE VIEW run_game AS
SELECT run_id,
       SUM(rounds) AS rounds,
       COUNT(*) AS epochs,
       SUM(messages) AS messages,
       SUM(control_bytes) AS control_bytes
FROM game_rounds GROUP BY run_id;
CREATE VIEW policy_summary AS
SELECT r.id AS run_id, r.scenario, r.policy, r.seed, r.run_number,
       r.sweep_parameter, r.sweep_value, r.status,
       o.issued, o.completed, o.fallback, o.failed, o.unfinished,
       l.mean_latency, l.p50_latency, l.p95_latency, l.p99_latency,
       CAST(o.deadline_met AS REAL) / NULLIF(o.with_deadline, 0) AS deadline_met_ratio,
       (SELECT SUM(paid) FROM device_payments p WHERE p.run_id = r.id) AS payment,
       COALESCE(g.rounds, 0) AS rounds,
       COALESCE(g.messages, 0) AS messages,
       COALESCE(g.control_bytes, 0) AS control_bytes,
       r.wall_seconds
FROM runs r
LEFT JOIN run_outcomes o ON o.run_id = r.id
LEFT JOIN run_latency l ON l.run_id = r.id
LEFT JOIN run_game g ON g.run_id = r.id;
COMMIT;
