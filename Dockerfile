FROM python:3.11-slim-bookworm
# WeasyPrint needs Pango and fonts; gettext compiles the translations.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY . .
RUN pip install --no-cache-dir -c constraints.txt . \
    && DEBUG=true python manage.py compilemessages --ignore=.venv -v0 \
    && DEBUG=false ALVER_URL=https://build.invalid SECRET_KEY=build-only-not-used-at-run-time-0123456789abcdefghijklmnop python manage.py collectstatic --noinput -v0
RUN useradd --create-home alver && mkdir -p /app/media /app/private-media && chown -R alver /app/media /app/private-media
USER alver
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn alver.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
