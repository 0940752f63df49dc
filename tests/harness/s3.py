"""An S3-compatible server on a free loopback port: moto in server mode, in a subprocess.

The tests talk to it with boto3, the client django-storages and the S3 upload store use, over
real HTTP; nothing is mocked in the test process. Each test makes its own bucket.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Any

from .processes import LOOPBACK, OneProcess, ServerProcess, free_port

ACCESS_KEY = "testing-access-key"
SECRET_KEY = "testing-secret-key"
REGION = "us-east-1"


class S3Server(OneProcess):
    """moto in server mode; it keeps nothing across a restart (create the buckets again)."""

    start_timeout = 60.0

    def __init__(self, workdir: Path) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.endpoint_url = f"http://{LOOPBACK}:{self.port}"
        self.process = ServerProcess(
            [sys.executable, "-m", "moto.server", "-H", LOOPBACK, "-p", str(self.port)],
            env={"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY},
            cwd=workdir,
            log=workdir / "moto.log",
            port=self.port,
        )

    def client(self) -> Any:
        import boto3

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def new_bucket(self) -> str:
        name = f"dlw-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=name)
        return name

    def options(self, bucket: str, **extra: Any) -> dict[str, Any]:
        """``UPLOAD_STORE["OPTIONS"]`` for an S3Store on this server (5 MiB parts)."""
        return {
            "bucket_name": bucket,
            "endpoint_url": self.endpoint_url,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "part_size": 5 * 1024 * 1024,
            **extra,
        }

    def store_setting(self, bucket: str, **extra: Any) -> dict[str, Any]:
        return {
            "BACKEND": "django_dlwidget.tus.stores.S3Store",
            "OPTIONS": self.options(bucket, **extra),
        }
