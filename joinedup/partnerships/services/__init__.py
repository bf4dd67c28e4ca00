"""The partnership workspace's use cases: the one door for every change (see STYLE.md)."""

from joinedup.partnerships.services.actions import create_action, get_or_create_plan, update_action
from joinedup.partnerships.services.instruments import (
    InstrumentDocumentError,
    LoadReport,
    import_instrument,
    load_shipped_instruments,
)
from joinedup.partnerships.services.learning import add_learning_entry
from joinedup.partnerships.services.network import (
    close_network_survey,
    create_network_survey,
    open_network_survey,
    save_ratings,
    submit_network_response,
)
from joinedup.partnerships.services.partnerships import (
    add_manager,
    add_member,
    change_member,
    create_partnership,
    update_partnership_settings,
)
from joinedup.partnerships.services.waves import (
    close_wave,
    create_wave,
    invite_representative,
    open_wave,
    revoke_invitation,
    save_answers,
    submit_response,
)

__all__ = [
    "InstrumentDocumentError",
    "LoadReport",
    "add_learning_entry",
    "add_manager",
    "add_member",
    "change_member",
    "close_network_survey",
    "close_wave",
    "create_action",
    "create_network_survey",
    "create_partnership",
    "create_wave",
    "get_or_create_plan",
    "import_instrument",
    "invite_representative",
    "load_shipped_instruments",
    "open_network_survey",
    "open_wave",
    "revoke_invitation",
    "save_answers",
    "save_ratings",
    "submit_network_response",
    "submit_response",
    "update_action",
    "update_partnership_settings",
]
