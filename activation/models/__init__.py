"""The models of activation, one module per subject; `from activation.models import X` reads them
all from here."""

from activation.models.cooperation import (
    LLG_GOAL,
    ActivationPactCall,
    ActivationPactParticipation,
    ActivationPactProject,
    CooperationAgreement,
)
from activation.models.results import (
    CurrentResult,
    GroupFigure,
    ImportBatch,
    QuarterlyResult,
    ResultRevision,
    ResultStatus,
)
from activation.models.territory import (
    BenchmarkGroup,
    BenchmarkGroupQuerySet,
    LocalGovernment,
    LocalGovernmentQuerySet,
    Merger,
    Province,
)

__all__ = [
    "LLG_GOAL",
    "ActivationPactCall",
    "ActivationPactParticipation",
    "ActivationPactProject",
    "BenchmarkGroup",
    "BenchmarkGroupQuerySet",
    "CooperationAgreement",
    "CurrentResult",
    "GroupFigure",
    "ImportBatch",
    "LocalGovernment",
    "LocalGovernmentQuerySet",
    "Merger",
    "Province",
    "QuarterlyResult",
    "ResultRevision",
    "ResultStatus",
]
