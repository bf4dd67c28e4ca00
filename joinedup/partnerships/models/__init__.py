"""The partnership workspace, split by concept."""

from joinedup.partnerships.models.actions import (
    Action,
    ActionPlan,
    ActionStatus,
    ActionUpdate,
)
from joinedup.partnerships.models.instruments import (
    ElementKind,
    FrameworkElement,
    Instrument,
    InstrumentSection,
    Statement,
)
from joinedup.partnerships.models.learning import LearningEntry
from joinedup.partnerships.models.network_surveys import (
    Closeness,
    Frequency,
    NetworkRating,
    NetworkResponse,
    NetworkSurvey,
)
from joinedup.partnerships.models.partnerships import MemberRole, Partnership, PartnershipMember
from joinedup.partnerships.models.waves import (
    Answer,
    Invitation,
    RespondentLevel,
    Response,
    Wave,
    WaveStatus,
    hash_token,
)

__all__ = [
    "Action",
    "ActionPlan",
    "ActionStatus",
    "ActionUpdate",
    "Answer",
    "Closeness",
    "ElementKind",
    "FrameworkElement",
    "Frequency",
    "Instrument",
    "InstrumentSection",
    "Invitation",
    "LearningEntry",
    "MemberRole",
    "NetworkRating",
    "NetworkResponse",
    "NetworkSurvey",
    "Partnership",
    "PartnershipMember",
    "RespondentLevel",
    "Response",
    "Statement",
    "Wave",
    "WaveStatus",
    "hash_token",
]
