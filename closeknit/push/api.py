"""Push subscriptions over the API: the server's key, adding this device, listing and
removing one's own. The keys a browser hands over are stored, never answered back."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from closeknit.api.base import In, current_user, errors
from closeknit.push import services
from closeknit.push.models import PushSubscription
from closeknit.push.vapid import public_key

router = Router(tags=["push"])


class KeyOut(Schema):
    public_key: str = Field(
        description="The VAPID application server key, for "
        "`PushManager.subscribe({applicationServerKey})`, in url-safe base64."
    )


class KeysIn(In):
    p256dh: str = Field(min_length=80, max_length=100)
    auth: str = Field(min_length=16, max_length=40)


class SubscriptionIn(In):
    """What `PushSubscription.toJSON()` gives in the browser."""

    endpoint: str = Field(min_length=10, max_length=1000)
    keys: KeysIn
    expirationTime: int | None = Field(None, description="Ignored; browsers send null.")


class DeviceOut(Schema):
    id: int
    label: str
    created_at: datetime
    last_success_at: datetime | None


def _device(subscription: PushSubscription) -> dict[str, Any]:
    return {
        "id": subscription.pk,
        "label": subscription.label,
        "created_at": subscription.created_at,
        "last_success_at": subscription.last_success_at,
    }


@router.get("/key", response={200: KeyOut, **errors()})
def read_key(request: HttpRequest) -> dict[str, str]:
    return {"public_key": public_key(settings.CLOSEKNIT_VAPID_PRIVATE_KEY)}


@router.get("/subscriptions", response={200: list[DeviceOut], **errors()})
def list_subscriptions(request: HttpRequest) -> list[dict[str, Any]]:
    return [_device(s) for s in services.devices_of(current_user(request))]


@router.post("/subscriptions", response={201: DeviceOut, **errors(400)})
def create_subscription(request: HttpRequest, payload: SubscriptionIn) -> Status[Any]:
    subscription = services.subscription_create(
        user=current_user(request),
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        user_agent=request.headers.get("User-Agent", "")[:500],
    )
    return Status(201, _device(subscription))


@router.delete("/subscriptions/{subscription_id}", response={204: None, **errors(404)})
def delete_subscription(request: HttpRequest, subscription_id: int) -> Status[Any]:
    services.subscription_delete(user=current_user(request), subscription_id=subscription_id)
    return Status(204, None)
