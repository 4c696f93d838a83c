PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta VALUES('schema_version','1');
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
  start_time      TEXT NOT NULL,
  wall_seconds    REAL,
  status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
  message         TEXT NOT NULL DEFAULT '',
  pid             INTEGER,
  host            TEXT
);
INSERT INTO runs VALUES(1,'default','local',1,1,'','','0.1.0','3.37','ade6c786411b47f5071e75f3e8cd1d268f394623',replace('{\n  "name": "default",\n  "description": "Main comparison: 8 devices (resnet18, mobilenet_v2, googlenet) on one 802.11ax AP share one edge GPU of 1 TFLOP/s; every policy on the same traffic (about 1-2 minutes on 2 cores).",\n  "duration": 2,\n  "seeds": [\n    1\n  ],\n  "runs": 1,\n  "policies": [\n    "local",\n    "dds"\n  ],\n  "network": {\n    "type": "wifi",\n    "wifiStandard": "802.11ax",\n    "accessPoints": 1,\n    "layout": "line",\n    "apSpacing": 60.0,\n    "backhaulRate": 1000000000.0,\n    "backhaulDelay": 0.0005,\n    "backhaul": "p2p",\n    "p2pRate": 20000000.0,\n    "p2pDelay": 0.002\n  },\n  "devices": {\n    "count": 2,\n    "models": [\n      {\n        "name": "resnet18",\n        "weight": 2\n      },\n      {\n        "name": "mobilenet_v2",\n        "weight": 1\n      },\n      {\n        "name": "googlenet",\n        "weight": 1\n      }\n    ],\n    "deviceClass": "rpi4",\n    "lambda": 1.0,\n    "pattern": "poisson",\n    "rate": 2.0,\n    "maxDistance": 10.0,\n    "timeout": 2.0\n  },\n  "mobility": {\n    "model": "constant",\n    "speed": 1.0\n  },\n  "server": {\n    "capacity": 1000000000000.0,\n    "p0": 2e-13,\n    "kappa": 2e-25,\n    "sharing": "reserved",\n    "serverClass": "edge-gpu"\n  },\n  "game": {\n    "epsilon": 0.0001,\n    "maxRounds": 50,\n    "rateThreshold": 0.2\n  },\n  "sweep": {\n    "parameter": "",\n    "values": []\n  }\n}','\n',char(10)),2.0,'2026-12-01T22:37:48Z',0.1171688959999999946,'complete','',12872,'vm');
INSERT INTO runs VALUES(2,'default','dds',1,1,'','','0.1.0','3.37','ade6c786411b47f5071e75f3e8cd1d268f394623',replace('{\n  "name": "default",\n  "description": "Main comparison: 8 devices (resnet18, mobilenet_v2, googlenet) on one 802.11ax AP share one edge GPU of 1 TFLOP/s; every policy on the same traffic (about 1-2 minutes on 2 cores).",\n  "duration": 2,\n  "seeds": [\n    1\n  ],\n  "runs": 1,\n  "policies": [\n    "local",\n    "dds"\n  ],\n  "network": {\n    "type": "wifi",\n    "wifiStandard": "802.11ax",\n    "accessPoints": 1,\n    "layout": "line",\n    "apSpacing": 60.0,\n    "backhaulRate": 1000000000.0,\n    "backhaulDelay": 0.0005,\n    "backhaul": "p2p",\n    "p2pRate": 20000000.0,\n    "p2pDelay": 0.002\n  },\n  "devices": {\n    "count": 2,\n    "models": [\n      {\n        "name": "resnet18",\n        "weight": 2\n      },\n      {\n        "name": "mobilenet_v2",\n        "weight": 1\n      },\n      {\n        "name": "googlenet",\n        "weight": 1\n      }\n    ],\n    "deviceClass": "rpi4",\n    "lambda": 1.0,\n    "pattern": "poisson",\n    "rate": 2.0,\n    "maxDistance": 10.0,\n    "timeout": 2.0\n  },\n  "mobility": {\n    "model": "constant",\n    "speed": 1.0\n  },\n  "server": {\n    "capacity": 1000000000000.0,\n    "p0": 2e-13,\n    "kappa": 2e-25,\n    "sharing": "reserved",\n    "serverClass": "edge-gpu"\n  },\n  "game": {\n    "epsilon": 0.0001,\n    "maxRounds": 50,\n    "rateThreshold": 0.2\n  },\n  "sweep": {\n    "parameter": "",\n    "values": []\n  }\n}','\n',char(10)),2.0,'2026-12-01T22:37:48Z',0.35586613099999997444,'complete','',12872,'vm');
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
INSERT INTO devices VALUES(1,0,2,'resnet18','rpi4',1.0,'poisson',2.0,3.8890074951388950985,2.6397564885661912725,0.5,NULL);
INSERT INTO devices VALUES(1,1,3,'mobilenet_v2','rpi4',1.0,'poisson',2.0,-4.9812997239827501161,-6.4251996562430164772,0.5,NULL);
INSERT INTO devices VALUES(2,0,2,'resnet18','rpi4',1.0,'poisson',2.0,3.8890074951388950985,2.6397564885661912725,0.5,NULL);
INSERT INTO devices VALUES(2,1,3,'mobilenet_v2','rpi4',1.0,'poisson',2.0,-4.9812997239827501161,-6.4251996562430164772,0.5,NULL);
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
INSERT INTO game_rounds VALUES(1,0.52445866200000001988,0.52445866200000001988,1,0,'join',1,0.0,2.0000000000000000607e-13,0,1,33,NULL,1,0);
INSERT INTO game_rounds VALUES(1,0.52949507200000001105,0.52949507200000001105,2,0,'join',2,0.0,2.0000000000000000607e-13,0,2,66,NULL,1,0);
INSERT INTO game_rounds VALUES(2,0.52445866200000001988,0.52449507200000000661,1,1,'join',2,0.0,2.0000000000000000607e-13,1,1,82,NULL,0,1);
INSERT INTO game_rounds VALUES(2,0.52949507200000001105,0.5347835119999999609,2,2,'join',2,282414895280.92846678,2.5648297905618568652e-13,2,12,690,NULL,1,0);
INSERT INTO game_rounds VALUES(2,1.5753550880000000145,1.5777853019999998895,3,1,'reentry',2,282414895280.92846678,2.5648297905618568652e-13,0,6,394,NULL,1,0);
INSERT INTO game_rounds VALUES(2,1.5868853999999998904,1.5893156360000000315,4,1,'reentry',2,282414895280.92846678,2.5648297905618568652e-13,0,6,394,NULL,1,0);
INSERT INTO game_rounds VALUES(2,1.7082360860000000979,1.7160815799999999953,5,3,'reentry',2,317557838280.53649902,2.6351156765610730958e-13,2,16,920,NULL,1,0);
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
INSERT INTO allocations VALUES(1,0.52445866200000001988,1,0,0,NULL,0.0,2.0000000000000000607e-13,0.0);
INSERT INTO allocations VALUES(1,0.52949507200000001105,2,0,0,NULL,0.0,2.0000000000000000607e-13,0.0);
INSERT INTO allocations VALUES(1,0.52949507200000001105,2,0,1,NULL,0.0,2.0000000000000000607e-13,0.0);
INSERT INTO allocations VALUES(2,0.53071028600000003105,2,0,0,NULL,183699568981.33587646,2.3673991379626720421e-13,0.043489020125052894882);
INSERT INTO allocations VALUES(2,0.53216837200000000063,2,0,1,NULL,98715326299.592605586,2.5648297905618568652e-13,0.025318800967822945729);
INSERT INTO allocations VALUES(2,1.7106663220000000169,5,0,1,NULL,141775050366.16302489,2.6509492386949981971e-13,0.037583846183412490671);
INSERT INTO allocations VALUES(2,1.7121554080000001007,5,0,0,NULL,175782787914.37350463,2.6351156765610730958e-13,0.04632079801027759458);
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
INSERT INTO placements VALUES(2,1.5,0,'0111111111111111111111111111111111111111111111111111111111111111111111',69,602112.0,4000.0,0.038465458390971839219,9228722176.0,183699568981.33587646,0.088703584844810445808);
INSERT INTO placements VALUES(2,1.5,1,'000000000000000000000000000000000011111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111',119,100352.0,4000.0,0.056875009494236218599,2691744256.0,98715326299.592605586,0.084142753591346181041);
INSERT INTO placements VALUES(2,1.7936070189999999691,1,'011111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111',152,602112.0,4000.0,0.020409507529626044752,5898392064.0,141775050366.16302489,0.062013386694304159507);
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
  outcome          TEXT NOT NULL CHECK (outcome IN ('completed', 'fallback', 'failed')),
  latency          REAL,
  share            REAL,
  layers_on_server INTEGER
);
INSERT INTO requests VALUES(1,1,0,1.5,1.5,1.6182036440000000521,NULL,NULL,NULL,NULL,NULL,NULL,1.6182036440000000521,0.0,0.0,'completed',0.11820364400000005211,0.0,0);
INSERT INTO requests VALUES(1,1,1,1.6230050209999999921,1.6230050209999999921,1.7412086650000000442,NULL,NULL,NULL,NULL,NULL,NULL,1.7412086650000000442,0.0,0.0,'completed',0.11820364400000005211,0.0,0);
INSERT INTO requests VALUES(1,1,2,1.7936070189999999691,1.7936070189999999691,1.9118106630000000212,NULL,NULL,NULL,NULL,NULL,NULL,1.9118106630000000212,0.0,0.0,'completed',0.11820364400000005211,0.0,0);
INSERT INTO requests VALUES(1,0,0,1.5,1.5,1.9689559359999999621,NULL,NULL,NULL,NULL,NULL,NULL,1.9689559359999999621,0.0,0.0,'completed',0.46895593599999996214,0.0,0);
INSERT INTO requests VALUES(1,0,1,1.9892099979999999792,1.9892099979999999792,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,0.0,0.0,'failed',NULL,0.0,0);
INSERT INTO requests VALUES(2,0,0,1.5,1.5,1.5,1.5,1.5185624189999999966,1.5185624189999999966,1.5185624189999999966,1.5688005449999999907,1.5695684720000000478,1.5695684720000000478,602112.0,4000.0,'completed',0.069568472000000047827,183699568981.33587646,69);
INSERT INTO requests VALUES(2,1,0,1.5,1.5,1.5484645280000000067,1.5484645280000000067,1.5530004260000001004,1.5530004260000001004,1.5530004260000001004,1.580268170000000083,1.5812247729999999723,1.5812247729999999723,100352.0,4000.0,'completed',0.081224772999999972356,98715326299.592605586,119);
INSERT INTO requests VALUES(2,1,1,1.6230050209999999921,1.6230050209999999921,1.6714695489999999988,1.6714695489999999988,1.6742913800000001067,1.6742913800000001067,1.6742913800000001067,1.7015591240000000894,1.7024764590000001085,1.7024764590000001085,100352.0,4000.0,'completed',0.079471438000000116375,98715326299.592605586,119);
INSERT INTO requests VALUES(2,1,2,1.7936070189999999691,1.7936070189999999691,1.7936070189999999691,1.7936070189999999691,1.8129243139999999812,1.8129243139999999812,1.8129243139999999812,1.8545281929999999359,1.8553720810000000618,1.8553720810000000618,602112.0,4000.0,'completed',0.061765062000000092723,141775050366.16302489,152);
INSERT INTO requests VALUES(2,0,1,1.9892099979999999792,1.9892099979999999792,1.9892099979999999792,1.9892099979999999792,NULL,NULL,NULL,NULL,NULL,NULL,602112.0,0.0,'failed',NULL,175782787914.37350463,69);
CREATE TABLE rate_estimates (
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  time         REAL NOT NULL,
  device       INTEGER NOT NULL,
  uplink_bps   REAL,
  downlink_bps REAL,
  rtt          REAL
);
INSERT INTO rate_estimates VALUES(1,0.50914042400000003585,0,0.0,0.0,0.0012160319999999999202);
INSERT INTO rate_estimates VALUES(1,0.51351373499999997118,1,0.0,0.0,0.0015851179999999999437);
INSERT INTO rate_estimates VALUES(1,0.51875304600000005095,0,130246322.05081713199,120095318.10471612214,0.0012160319999999999202);
INSERT INTO rate_estimates VALUES(1,0.52009318599999998511,0,130246322.05081713199,120095318.10471612214,0.0012160319999999999202);
INSERT INTO rate_estimates VALUES(1,0.5238004450000000034,1,122456382.03291215002,118769625.99928353726,0.0015851179999999999437);
INSERT INTO rate_estimates VALUES(1,0.52533953099999997071,1,122456382.03291215002,118769625.99928353726,0.0015851179999999999437);
INSERT INTO rate_estimates VALUES(1,1.5013441020000000136,0,130246322.05081713199,120095318.10471612214,0.0012544529999999999916);
INSERT INTO rate_estimates VALUES(1,1.5016261449999999122,1,122456382.03291215002,118769625.99928353726,0.001597426099999999698);
INSERT INTO rate_estimates VALUES(2,0.50914042400000003585,0,0.0,0.0,0.0012160319999999999202);
INSERT INTO rate_estimates VALUES(2,0.51351373499999997118,1,0.0,0.0,0.0015851179999999999437);
INSERT INTO rate_estimates VALUES(2,0.51875304600000005095,0,130246322.05081713199,120095318.10471612214,0.0012160319999999999202);
INSERT INTO rate_estimates VALUES(2,0.52009318599999998511,0,130246322.05081713199,120095318.10471612214,0.0012160319999999999202);
INSERT INTO rate_estimates VALUES(2,0.5238004450000000034,1,122456382.03291215002,118769625.99928353726,0.0015851179999999999437);
INSERT INTO rate_estimates VALUES(2,0.52534353099999997471,1,122456382.03291215002,118769625.99928353726,0.0015851179999999999437);
INSERT INTO rate_estimates VALUES(2,1.5023390800000000488,0,130246322.05081713199,120095318.10471612214,0.0015529463999999998467);
INSERT INTO rate_estimates VALUES(2,1.5052702730000000475,1,122456382.03291215002,118769625.99928353726,0.0026906644999999994663);
INSERT INTO rate_estimates VALUES(2,1.5695684720000000478,0,172425613.55672305822,120095318.10471612214,0.0015529463999999998467);
INSERT INTO rate_estimates VALUES(2,1.5812247729999999723,1,161236105.81232765316,118769625.99928353726,0.0026906644999999994663);
INSERT INTO rate_estimates VALUES(2,1.7024764590000001085,1,276049157.56328189373,118769625.99928353726,0.0026906644999999994663);
INSERT INTO rate_estimates VALUES(2,1.8553720810000000618,1,273646595.65785801409,118769625.99928353726,0.0026906644999999994663);
CREATE TABLE run_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name   TEXT NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, name)
);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('runs',2);
CREATE INDEX devices_run ON devices(run_id);
CREATE INDEX game_rounds_run ON game_rounds(run_id);
CREATE INDEX allocations_run ON allocations(run_id);
CREATE INDEX placements_run ON placements(run_id);
CREATE INDEX rate_estimates_run ON rate_estimates(run_id);
CREATE VIEW run_outcomes AS
SELECT run_id,
       COUNT(*) AS issued,
       SUM(outcome = 'completed') AS completed,
       SUM(outcome = 'fallback') AS fallback,
       SUM(outcome = 'failed') AS failed,
       SUM(bytes_up) AS bytes_up,
       SUM(bytes_down) AS bytes_down
FROM requests GROUP BY run_id;
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
      FROM requests WHERE latency IS NOT NULL)
GROUP BY run_id;
CREATE VIEW device_latency AS
SELECT run_id, device,
       COUNT(*) AS issued,
       SUM(outcome = 'completed') AS completed,
       SUM(outcome = 'fallback') AS fallback,
       SUM(outcome = 'failed') AS failed,
       AVG(latency) AS mean_latency
FROM requests GROUP BY run_id, device;
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
       o.issued, o.completed, o.fallback, o.failed,
       l.mean_latency, l.p50_latency, l.p95_latency, l.p99_latency,
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
