from django.dispatch import Signal

# Sent by services.save_agreement, inside its transaction, with `agreement` once it is saved.
# consultations listens (see consultations.apps) to make sure the agreement's forum exists.
agreement_saved = Signal()
