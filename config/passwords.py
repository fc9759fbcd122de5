"""Password policy beyond Django's validators: letters, a digit and a special character."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class CharacterClassesValidator:
    """Refuses passwords like "Demo2026": they need a letter, a digit and a sign (@, #, !...)."""

    message = "Mật khẩu phải có chữ cái, chữ số và ít nhất một ký tự đặc biệt (ví dụ @ # ! %)."

    def validate(self, password: str, user=None) -> None:
        has_letter = any(c.isalpha() for c in password)
        has_digit = any(c.isdigit() for c in password)
        has_sign = any(not c.isalnum() and not c.isspace() for c in password)
        if not (has_letter and has_digit and has_sign):
            raise ValidationError(self.message, code="password_character_classes")

    def get_help_text(self) -> str:
        return self.message
