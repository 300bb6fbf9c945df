import time
import prefect
from prefect import task, Flow
from prefect.storage import Local
from prefect.run_configs import LocalRun

@task(log_stdout=True)
def first():
    prefect.context.get("logger").info("first task says hello")
    return 21

@task
def second(x):
    prefect.context.get("logger").info("second task doubles %s", x)
    return x * 2

with Flow("two-task-flow", storage=Local(add_default_labels=False), run_config=LocalRun(labels=["emulator"])) as flow:
    second(first())
