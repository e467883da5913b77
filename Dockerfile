# The production image: web (gunicorn), worker and beat all run from it (see docker-compose.yml).
# The same Python as .python-version (the lock files are resolved for it).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

RUN groupadd --system --gid 10001 careermap \
    && useradd --system --uid 10001 --gid careermap --home-dir /app --no-create-home careermap

WORKDIR /app

# Dependencies first, so a code change does not reinstall them: every package, direct and
# indirect, pinned with its hashes (requirements/runtime.txt, `make lock`).
COPY requirements/runtime.txt requirements/runtime.txt
RUN python -m pip install --require-hashes --no-deps -r requirements/runtime.txt

COPY . .

# Static files are part of the image; the key only satisfies settings during the build.
RUN SECRET_KEY=collectstatic-build-only python manage.py collectstatic --no-input

# The code stays owned by root: the app user can read it but not change it.
USER careermap

EXPOSE 8000
CMD ["gunicorn", "careermap.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
