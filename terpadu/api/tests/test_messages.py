"""Request validation errors reach the client in Bahasa Indonesia, field by field."""

import pytest
from django.test import Client

from terpadu.api.messages import indonesian

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ({"type": "missing", "msg": "Field required"}, "Wajib diisi."),
        (
            {"type": "string_too_long", "msg": "x", "ctx": {"max_length": 200}},
            "Terlalu panjang: paling banyak 200 karakter.",
        ),
        ({"type": "int_parsing", "msg": "Input should be a valid integer"}, "Harus berupa bilangan bulat."),
        ({"type": "value_error", "msg": "Value error, Kode rekening salah."}, "Kode rekening salah."),
        ({"type": "greater_than_equal", "msg": "x", "ctx": {"ge": 0}}, "Paling kecil 0."),
        ({"type": "greater_than_equal", "msg": "x", "ctx": {}}, "Nilai tidak valid."),
        ({"type": "money", "msg": "Jumlah tidak boleh negatif."}, "Jumlah tidak boleh negatif."),
        ({"type": "money", "msg": ""}, "Nilai tidak valid."),
    ],
)
def test_pydantic_errors_are_translated(error, message):
    assert indonesian(error) == message


def test_a_missing_field_of_a_real_request_is_reported_in_indonesian():
    response = Client().post("/api/v1/auth/token", data={}, content_type="application/json")
    body = response.json()
    assert response.status_code == 422 and body["code"] == "validation_error"
    assert body["fields"] and all(messages == ["Wajib diisi."] for messages in body["fields"].values()), body
