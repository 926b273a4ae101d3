import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models

from closeknit.lib import crypto


def test_encrypt_round_trip_and_ciphertext_hides_the_text(settings):
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    stored = crypto.encrypt("I was scared to say this")
    assert stored.startswith(crypto.PREFIX)
    assert "scared" not in stored
    assert crypto.decrypt(stored) == "I was scared to say this"


def test_rotation_old_keys_still_decrypt_new_writes_use_the_newest(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [old]
    written_before = crypto.encrypt("before rotation")
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt(written_before) == "before rotation"
    written_after = crypto.encrypt("after rotation")
    settings.CLOSEKNIT_ENCRYPTION_KEYS = [new]
    assert crypto.decrypt(written_after) == "after rotation"
    with pytest.raises(ImproperlyConfigured, match="old key removed"):
        crypto.decrypt(written_before)


def test_bad_keys_are_refused_loudly():
    with pytest.raises(ImproperlyConfigured, match="#2"):
        crypto.parse_keys(f"{Fernet.generate_key().decode()},not-a-key", source="TEST")
    with pytest.raises(ImproperlyConfigured, match="no encryption key"):
        crypto.parse_keys(" , ", source="TEST")


class Diary(models.Model):
    text = crypto.EncryptedTextField()

    class Meta:
        app_label = "core"


@pytest.mark.django_db(transaction=True)
def test_the_field_stores_only_ciphertext_in_the_database():
    with connection.schema_editor() as editor:
        editor.create_model(Diary)
    try:
        entry = Diary.objects.create(text="our secret plan")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT text FROM {Diary._meta.db_table}")
            (raw,) = cursor.fetchone()
        assert "secret" not in raw and raw.startswith(crypto.PREFIX)
        assert Diary.objects.get(pk=entry.pk).text == "our secret plan"
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Diary)
