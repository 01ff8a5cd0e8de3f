"""The Alexa edge: ask-sdk request handlers over the dialogue core, and putting the skill together.

One Alexa request -> one core turn -> one response. The core's state travels in the
session attribute `core`; the household is read from and written to a `Households` store
under a household id resolved once per request (the Alexa userId, or one shared household).
Every response sets shouldEndSession; anything that fails inside is answered with a
spoken Dutch error and logged by exception type and place only. Nothing heard is logged:
raw slot values are looked at only for the safety check, and only value ids reach the core.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.request_envelope import RequestEnvelope
from ask_sdk_model.response import Response
from ask_sdk_model.services import ApiClient
from ask_sdk_model.services.service_client_factory import ServiceClientFactory

from dialogue import (
    Coach,
    EraseHousehold,
    Event,
    Intent,
    Reply,
    SaveConsent,
    SaveNames,
    SavePace,
    State,
    Step,
    Turn,
    Unrecognized,
    state_to_json,
)
from dialogue.intents import Concern, IntentName
from household import Households, StoreConfigError, StoreError, open_households
from locale_files import LOCALE_DIR, Messages, load_locale
from skill.home_time import HOME_TIME, home_date
from skill.logs import Log
from skill.messages import load_skill_messages
from skill.privacy import KEEP_ENV, KeepSettingError, keep_mode
from skill.reminders import CONSENT_NAME, REMINDER_INTENT, ReminderFlow, TimedApiClient, device_time_zone
from skill.replay import RecentRequests, Replays, TableRequests
from skill.ssml import empty_response, reply_response, text_response

if TYPE_CHECKING:
    from dialogue.understanding import Understander
    from skill.routes import Routes
    from skill.session_state import StateReader

log = Log("samen_sterker.skill")

STATE_KEY = "core"
STORE_ENV = "SAMEN_STERKER_STORE"
HOUSEHOLD_ENV = "SAMEN_STERKER_HOUSEHOLD"
SKILL_ID_ENV = "SAMEN_STERKER_SKILL_ID"


# --- the conversation ------------------------------------------------------------------------


@dataclass
class Conversation:
    """Turns Alexa requests into core turns for one locale and one household store.

    `shared_household` (if set) is the household of every Alexa user (one home, one household).
    """

    coach: Coach
    messages: Messages
    households: Households
    # From Alexa's intents to the core's events: made at the first intent (a launch has none).
    routes: Routes | None = None
    tz: datetime.tzinfo = HOME_TIME
    shared_household: str | None = None
    replays: Replays = field(default_factory=RecentRequests)
    # Built at the first raw slot value to check: a launch (the cold start) never needs it.
    understander: Understander | None = None
    # Made at the first session state to read: a launch carries none.
    states: StateReader | None = field(default=None, init=False)

    def launch(self, envelope: RequestEnvelope,
               services: ServiceClientFactory | None = None) -> tuple[Response, dict[str, Any]]:
        """"Alexa, open samen sterker": the welcome and the menu question."""
        household_id = self.household_id(envelope)
        turn = self.coach.launch(self.households.load(self.today(envelope), household_id))
        return self._finish(household_id, turn, envelope)

    def intent(self, envelope: RequestEnvelope, session: Mapping[str, Any],
               services: ServiceClientFactory | None = None) -> tuple[Response, dict[str, Any]]:
        """One thing said inside (or opening) a session."""
        request = envelope.request
        assert isinstance(request, IntentRequest)
        household_id = self.household_id(envelope)
        state = self._saved_state(session, envelope)
        if state is None or state.step is Step.ENDED:
            state = self.coach.begin(self.households.load(self.today(envelope), household_id))
        event = self._event(request)
        turn = self.coach.handle(state, event)
        if self.coach.is_safety_turn(state, turn) and state.household.country is None:
            # Only help lines depend on the country, so only a safety turn asks Alexa for the
            # device's time zone (every other turn, the launch too, is spared the call), and
            # only when the household never said its country ("ik woon in België"): what it
            # said wins over the device. The core is pure: the turn is simply taken again
            # with the country known.
            country = country_of_time_zone(device_time_zone(envelope, services))
            if country and country != state.household.country:
                state = state.with_household(country=country)
                turn = self.coach.handle(state, event)
        return self._finish(household_id, turn, envelope)

    def session_ended(self, envelope: RequestEnvelope, session: Mapping[str, Any]) -> None:
        """The session ended without a goodbye (silence, an error, the user left): keep
        the check-in answers given so far, as a stop would; nothing else (Alexa allows no
        speech here, so nothing is marked as heard)."""
        state = self._saved_state(session, envelope)
        if state is None or state.step is Step.ENDED:
            return
        effects = self.coach.interrupted(state)
        if effects:
            self._store(self.household_id(envelope), Turn(Reply((), None, end_session=True), state, effects), envelope)

    def error(self) -> Response:
        """The spoken answer when something inside failed."""
        return text_response(self.messages.say("internal_error"))

    def household_id(self, envelope: RequestEnvelope) -> str:
        """The household of the request: the shared one, else the Alexa userId."""
        if self.shared_household:
            return self.shared_household
        system = envelope.context.system if envelope.context else None
        user = system.user if system else None
        if user is None or not user.user_id:
            raise ValueError("the request carries no userId")
        return str(user.user_id)

    def today(self, envelope: RequestEnvelope) -> datetime.date:
        """The household's date, from the time Alexa sent the request."""
        stamp = envelope.request.timestamp if envelope.request else None
        if not isinstance(stamp, datetime.datetime):
            stamp = datetime.datetime.now(datetime.UTC)
        return home_date(stamp, self.tz)

    def _event(self, request: IntentRequest) -> Event:
        intent = request.intent
        if intent is None:
            return Unrecognized()
        from skill import routes as routing  # (here: a launch has no intent)

        if self.routes is None:
            self.routes = routing.Routes.of(self.coach.locale)
        # Free words (a gratitude said aloud) are checked for danger (and for what only sounds
        # like it), then forgotten.
        values = routing.raw_values(intent)
        if values:
            if self.understander is None:
                from dialogue.understanding import Understander

                self.understander = Understander(self.coach.locale)
            for value in values:
                category = self.understander.danger_category(value)
                if category is not None:
                    return self.understander.danger_intent(category, value)
            if any(self.understander.is_worrying(value) for value in values):
                return Intent.of(IntentName.SAFETY, concern=Concern.UNSURE)  # the coach asks first
        return self.routes.event(intent)

    def _saved_state(self, session: Mapping[str, Any], envelope: RequestEnvelope) -> State | None:
        """The state the session carries, checked as untrusted input; None (start afresh) if
        there is none or it is not one this skill could have sent."""
        data = session.get(STATE_KEY)
        if data is None:
            return None
        from skill.session_state import BadState, StateReader

        if self.states is None:
            self.states = StateReader(self.coach.locale)
        try:
            return self.states.read(data, self.today(envelope))
        except BadState as bad:
            log.warning("session state refused (%s); starting afresh", bad)
            return None

    def _finish(self, household_id: str, turn: Turn, envelope: RequestEnvelope) -> tuple[Response, dict[str, Any]]:
        reply = turn.reply
        if not self._store(household_id, turn, envelope) and any(
            isinstance(e, (SaveNames, SavePace)) or e == SaveConsent(True) for e in turn.effects
        ):
            # Confirmed aloud, but not kept: say so right after the confirmation.
            reply = Reply(reply.parts[:1] + (self.coach.say("not_kept"),) + reply.parts[1:],
                          reply.reprompt, reply.end_session)
        return reply_response(reply), {STATE_KEY: state_to_json(turn.state)}

    def erase_failed(self, prompt_id: str = "erase_failed") -> Response:
        """The spoken answer when an erase (or a withdrawal of consent, which erases the
        check-ins) was asked for and confirmed, but the store refused it."""
        return text_response(self.coach.say(prompt_id).text)

    def _store(self, household_id: str, turn: Turn, envelope: RequestEnvelope) -> bool:
        """Keep the turn's effects (not again for a replayed request); whether they are kept.
        Raises EraseFailed."""
        if not turn.effects:
            return True
        request_id = getattr(envelope.request, "request_id", None)
        try:
            if request_id and not self.replays.first_time(str(request_id)):
                log.warning("replayed request: its effects are not kept again")
                return True
            self.households.apply(turn.effects, household_id)
        except StoreError as error:
            # An erase that did not happen must not be confirmed; anything else can wait.
            if any(isinstance(e, EraseHousehold) for e in turn.effects):
                raise EraseFailed(error.reason) from None
            if SaveConsent(False) in turn.effects:
                raise EraseFailed(error.reason, "withdraw_failed") from None
            log.error("household not stored: %s", error.reason)
            return False
        return True


class EraseFailed(Exception):
    """The store did not erase the household (or its check-ins): answered by
    `Conversation.erase_failed` with `prompt_id`, never confirmed."""

    def __init__(self, reason: str, prompt_id: str = "erase_failed") -> None:
        super().__init__(reason)
        self.prompt_id = prompt_id


# --- the ask-sdk handlers --------------------------------------------------------------------


def _session(handler_input: HandlerInput) -> dict[str, Any]:
    return handler_input.attributes_manager.session_attributes or {}


Take = Callable[[HandlerInput, Mapping[str, Any]], tuple[Response, dict[str, Any]]]


class TurnHandler(AbstractRequestHandler):
    """One kind of request -> one turn; the session attributes it returns travel on."""

    def __init__(self, applies: Callable[[HandlerInput], bool], take: Take) -> None:
        self.applies = applies
        self.take = take

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(self.applies(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        response, session = self.take(handler_input, _session(handler_input))
        handler_input.attributes_manager.session_attributes = session
        return response


def _is_consent_answer(handler_input: HandlerInput) -> bool:
    """The answer to the reminder consent question."""
    request = handler_input.request_envelope.request
    return bool(is_request_type("Connections.Response")(handler_input)) and getattr(request, "name", None) == CONSENT_NAME


class SessionEndedHandler(AbstractRequestHandler):
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("SessionEndedRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        self.conversation.session_ended(handler_input.request_envelope, _session(handler_input))
        # The session is over: nothing of it (perhaps forged) is echoed back.
        handler_input.attributes_manager.session_attributes = {}
        return empty_response()


class OtherRequestHandler(AbstractRequestHandler):
    """Events outside a session (reminders, skill events) and anything else: acknowledged, silent."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return empty_response()


class ErrorHandler(AbstractExceptionHandler):
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        if isinstance(exception, EraseFailed):
            log.error("household not erased: %s", exception)
            return self.conversation.erase_failed(exception.prompt_id)
        log.error("request failed: %s at %s", type(exception).__name__, where(exception))
        return self.conversation.error()


def where(exception: BaseException) -> str:
    """Where an exception was raised, as file:line of the innermost frame (no message, no values)."""
    import traceback  # (here: a request that fails is rare, and a cold start need not load it)

    frames = traceback.extract_tb(exception.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


# The device's time zone -> the country whose help lines the household hears.
TIME_ZONE_COUNTRIES = {"Europe/Brussels": "be", "Europe/Amsterdam": "nl"}


def country_of_time_zone(time_zone: str | None) -> str | None:
    """`be` for Europe/Brussels, `nl` for Europe/Amsterdam, None (both countries' lines) otherwise."""
    return TIME_ZONE_COUNTRIES.get(time_zone or "")


def build_skill(conversation: Conversation, *, skill_id: str | None = None,
                api_client: ApiClient | None = None) -> CustomSkill:
    """The SDK skill for a conversation; `skill_id` (if given) is the only accepted application
    id; `api_client` calls Alexa's APIs (default: HTTPS with a timeout)."""
    builder = CustomSkillBuilder(api_client=api_client or TimedApiClient())
    builder.skill_id = skill_id  # type: ignore[assignment]
    reminders = ReminderFlow(conversation.messages)
    # The skill's own intent (not the core's) first: the daily check-in reminder.
    builder.add_request_handler(TurnHandler(
        is_intent_name(REMINDER_INTENT),
        lambda hi, session: reminders.on_intent(hi.request_envelope, session, hi.service_client_factory)))
    builder.add_request_handler(TurnHandler(
        _is_consent_answer,
        lambda hi, session: reminders.on_consent(hi.request_envelope, session, hi.service_client_factory)))
    builder.add_request_handler(TurnHandler(
        is_request_type("LaunchRequest"),
        lambda hi, _: conversation.launch(hi.request_envelope, hi.service_client_factory)))
    builder.add_request_handler(TurnHandler(
        is_request_type("IntentRequest"),
        lambda hi, session: conversation.intent(hi.request_envelope, session, hi.service_client_factory)))
    builder.add_request_handler(SessionEndedHandler(conversation))
    builder.add_request_handler(OtherRequestHandler())
    builder.add_exception_handler(ErrorHandler(conversation))
    return builder.create()


# --- putting it together ---------------------------------------------------------------------


def make_households(store: str | None = None) -> tuple[Households, str | None]:
    """The store named by `store` (default: $SAMEN_STERKER_STORE, else the default SQLite file),
    keeping what $SAMEN_STERKER_KEEP says (`history` or `dates`), and the shared household:
    with SQLite, $SAMEN_STERKER_HOUSEHOLD (e.g. `local`) makes every Alexa user that one
    household (only where the whole history is kept). Raises StoreConfigError or StoreError."""
    spec = store if store is not None else os.environ.get(STORE_ENV, "")
    try:
        keeps_answers = keep_mode() == "history"
    except KeepSettingError as error:
        raise StoreConfigError(str(error)) from None
    shared = (os.environ.get(HOUSEHOLD_ENV) or None) if not spec.startswith("dynamodb:") else None
    if shared and not keeps_answers:
        # The shared household is the local mode's, which keeps its whole history.
        raise StoreConfigError(f"{HOUSEHOLD_ENV} shares the local mode's household, which keeps the whole "
                               f"history: set {KEEP_ENV}=history, or unset {HOUSEHOLD_ENV} for a public skill")
    try:
        households = open_households(spec, keeps_answers)
    except StoreConfigError as error:
        raise StoreConfigError(f"{STORE_ENV}: {error}") from None
    return households, shared


def make_conversation(
    households: Households, locale_dir: Path = LOCALE_DIR, *, shared_household: str | None = None
) -> Conversation:
    """The conversation logic over the locale in `locale_dir`; raises LocaleError."""
    locale = load_locale(locale_dir)
    claim = getattr(households, "claim_request", None)
    return Conversation(
        coach=Coach(locale),
        messages=load_skill_messages(locale_dir),
        households=households,
        shared_household=shared_household,
        # DynamoDB: one claim per request id in the table, for every Lambda instance.
        replays=TableRequests(claim) if callable(claim) else RecentRequests(),
    )


def make_skill(store: str | None = None, *, skill_id: str | None = None) -> CustomSkill:
    """The whole skill: `store` as in SAMEN_STERKER_STORE (default: that variable), `skill_id`
    the only accepted application id (default: $SAMEN_STERKER_SKILL_ID, unchecked if unset)."""
    households, shared = make_households(store)
    return build_skill(
        make_conversation(households, shared_household=shared),
        skill_id=skill_id if skill_id is not None else (os.environ.get(SKILL_ID_ENV) or None),
    )
