"""HR's sign-in policy form."""

from __future__ import annotations

from django import forms

from apps.accounts.models import IDLE_TIMEOUT_RANGE, SecurityPolicy

LOW, HIGH = IDLE_TIMEOUT_RANGE


class SecurityPolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = ["idle_timeout_minutes"]

    def clean_idle_timeout_minutes(self) -> int:
        minutes: int = self.cleaned_data["idle_timeout_minutes"]
        if not LOW <= minutes <= HIGH:
            raise forms.ValidationError(f"Choose between {LOW} and {HIGH} minutes.")
        return minutes
