# The README's quick start: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: run test bench lint clean model serve page skill-package lambda-zip worry-model

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(READY)

run: $(READY)
	$(BIN)/python -m local_voice $(ARGS)

test: $(READY)
	$(BIN)/python -m pytest

# The Dutch speech model for the voice mode (about 40 MB, once): see the README.
model: $(READY)
	$(BIN)/python -m local_voice download-model $(ARGS)

# The worry model (interaction_models/nl-NL/worry_model.tsv) made again from tests/data.
worry-model: $(READY)
	$(BIN)/python -m tools.train_worry

# The page at home on http://127.0.0.1:8765 (see the README); for phones in the house:
# make page ARGS="--page-host 0.0.0.0" (a phone then pairs once with the code it prints).
page: $(READY)
	$(BIN)/python -m local_voice page $(ARGS)

bench: $(READY)
	$(BIN)/python -m bench

lint: $(READY)
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy --strict dialogue household home_page
	$(BIN)/python -c 'from cfnlint.runner import main; main()' infrastructure/cfn-deployer/skill-stack.yaml

# The Alexa skill as a web service on this machine (behind an HTTPS front: see the README).
# Threads (skill/serving.py): a slow client holds one thread for at most 10 s, never a worker.
PORT ?= 8000
serve: $(READY)
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --worker-class skill.serving.DeadlineThreadWorker \
		--threads 8 --timeout 30 --keep-alive 5 --access-logfile - 'skill.web:create_app()'

# The ASK CLI layout (skill.json, interactionModels/custom/nl-NL.json, icons) from interaction_models/nl-NL.
# The skill keeps personal data: it needs the address of its privacy policy, e.g.
#   make skill-package SAMEN_STERKER_PRIVACY_URL=https://pi.example.nl/privacy
skill-package: $(READY)
	rm -rf skill-package
	SAMEN_STERKER_PRIVACY_URL="$(SAMEN_STERKER_PRIVACY_URL)" $(BIN)/python -m skill.package skill-package skill-package

# The AWS Lambda deployment zip (boto3 is in Lambda's runtime already): the dependencies as
# wheels for the Lambda's Python and architecture (skill/package.py), whatever this machine is;
# zipped with .pyc when a Python of the Lambda's version is found (SAMEN_STERKER_LAMBDA_PYTHON).
lambda-zip: $(READY)
	rm -rf build/lambda && mkdir -p build/lambda
	$(BIN)/python -m skill.package lambda-deps build/lambda
	$(BIN)/python -m skill.package lambda-zip build/lambda dist/samen-sterker-lambda.zip

clean:
	rm -rf $(VENV) build *.egg-info
