"""Cooperation (/samenwerking/): the agreements of the local governments with VDAB and the Lokaal
ActiveringsPact, next to their models in activation.models.

Nothing here imports consultations: an agreement's overlegforum is a consultation body that
points at its agreement (`agreement.forum`), and consultations creates it when it hears
`signals.agreement_saved`.
"""
