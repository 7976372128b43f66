"""What the operator knows and the customer's phone does not say: the card issuer and the
customer's mail domain. Both steer which guide to send and where the email guide starts.

Kept free of imports: ``sessions.progress`` reads ``suggest`` while the models load.
"""
