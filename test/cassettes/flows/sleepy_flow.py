import time
import prefect
from prefect import task, Flow
from prefect.storage import Local
from prefect.run_configs import LocalRun

@task
def nap():
    prefect.context.get("logger").info("napping")
    time.sleep(25)
    return 1

@task
def after(x):
    prefect.context.get("logger").info("woke up")
    return x

with Flow("sleepy-flow", storage=Local(add_default_labels=False), run_config=LocalRun(labels=["emulator"])) as flow:
    after(nap())
