FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings

# Pango for WeasyPrint (invoices), pg_dump for backups, Node.js for the npm packages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       postgresql-client nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=optional --no-audit --no-fund
COPY pyproject.toml ./
COPY config config
COPY cms_pages cms_pages
COPY shop shop
RUN pip install --no-cache-dir -e .
COPY . .
# Hashed, compressed static files for WhiteNoise, collected with the production
# storage. collectstatic connects to nothing: the values below are build-time dummies.
RUN DJANGO_ENV=production DJANGO_SECRET_KEY=collectstatic-only \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    AWS_STORAGE_BUCKET_NAME=build SHOP_BASE_URL=http://build python manage.py collectstatic --noinput

RUN useradd --create-home atelier && chown -R atelier /app
USER atelier
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
