"""Small things many tests share."""

from service.sessions.events import Actor
from service.sessions.events import ActorKind

# Who steers a session in service-level tests: a staff member (only logged as "user:1").
STAFF = Actor(ActorKind.OPERATOR, 1)
