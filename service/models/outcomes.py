"""How a guidance session ended, and what an end step of a guide means."""

import enum


class Ending(enum.StrEnum):
    """What reaching an end step of a guide means; every end step says which."""

    # The customer says the order went through.
    COMPLETED = "completed"
    # The guide ran out (the code never came, the card is blocked, the code was rejected):
    # the operator takes over. Never shown as 「できました」, never counted as completed.
    NEEDS_OPERATOR = "needs_operator"


class Outcome(enum.StrEnum):
    """How a session ended, as history, the API and reports tell it."""

    COMPLETED = "completed"
    NEEDS_OPERATOR = "needs_operator"
    # The operator ended the link before the customer reached an ending.
    ABANDONED = "abandoned"
    # Time ran out before the customer reached an ending.
    EXPIRED = "expired"
