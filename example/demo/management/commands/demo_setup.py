"""Creates (or resets) the demo user and prints how to log in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Create or reset the demo user and print its credentials."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="demo")
        parser.add_argument("--password", default="demo")
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(username=options["username"])
        user.set_password(options["password"])
        user.is_staff = user.is_superuser = True
        user.save()
        self.stdout.write(
            f"Demo user: {options['username']} / password: {options['password']}\n"
            f"Open {options['url']} (admin at {options['url']}admin/)"
        )
