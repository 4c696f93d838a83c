#! /usr/bin/env python3
# A list of C++ examples to run in order to ensure that they remain
# buildable and runnable over time.  Each tuple in the list contains
#
#     (example_name, do_run, do_valgrind_run).
#
# See test.py for more information.
cpp_examples = [
    ("dnn-surgery-minimal", "True", "True"),
    ("dnn-surgery-wifi-mobility --nDevices=3 --simTime=8 --model=mobilenet_v2", "True", "True"),
    ("dnn-surgery-compare --scenario=default --db=compare-smoke.db --duration=2 --warmup=0 --devices.count=2 --policies=local,dds --quiet", "True", "True"),
    ("dnn-surgery-compare --scenario=default --duration=2 --warmup=0 --devices.count=2 --policies=local,dds --quiet --task=1 --taskDir=compare-tasks", "True", "True"),
    ("dnn-surgery-game --nDevices=6 --gridLevels=300", "True", "True"),
    ("dnn-surgery-custom-policy --nDevices=3 --simTime=4", "True", "True"),
    ("dnn-surgery-partition --model=resnet18 --device=rpi4 --server=edge-gpu --uplink=20e6", "True", "True"),
]

# A list of Python examples to run in order to ensure that they remain
# runnable over time.  Each tuple in the list contains
#
#     (example_name, do_run).
#
# See test.py for more information.
python_examples = []
