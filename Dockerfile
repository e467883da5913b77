# The production image: web (gunicorn), worker and beat all run from it (see docker-compose.yml).
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

RUN groupadd --system --gid 10001 careermap \
    && useradd --system --uid 10001 --gid careermap --home-dir /app --no-create-home careermap

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. `--group` needs pip 25.1+.
COPY pyproject.toml ./
RUN python -m pip install --upgrade "pip>=25.1" \
    && python -m pip install --group runtime

COPY . .

# Static files are part of the image; the key only satisfies settings during the build.
RUN SECRET_KEY=collectstatic-build-only python manage.py collectstatic --no-input

# The code stays owned by root: the app user can read it but not change it.
USER careermap

EXPOSE 8000
CMD ["gunicorn", "careermap.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
