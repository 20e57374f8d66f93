// The domain's words as the server defines them (webapp/vocabulary.py), from the page's <body>:
// a cached page carries them too, so they work offline.
const words = JSON.parse(document.body.dataset.vocabulary || '{}');

export const ATTENDANCE_LABELS = words.attendance || {};
export const SESSION_STATE_LABELS = words.session_states || {};
export const LEAVE_TYPE_LABELS = words.leave_types || {};
// A leave request's or a correction's state: pending, approved, rejected.
export const REQUEST_STATE_LABELS = words.request_states || {};
export const CHECKIN_TYPE_LABELS = words.checkin_types || {};
// A participant's own history words flags and review states its own way.
export const REVIEW_NOTES = words.review_notes || {};
export const FLAG_NOTES = words.flag_notes || {};
export const ZONE_LABELS = words.timezones || {};
export const DEFAULT_TZ = words.default_timezone;
// Change projects: life states, stages, milestone states, classifications, stop reasons.
export const PROJECT_STATE_LABELS = words.project_states || {};
export const STAGE_LABELS = words.project_stages || {};
export const MILESTONE_STATE_LABELS = words.milestone_states || {};
export const CLASSIFICATION_LABELS = words.classifications || {};
export const STOP_REASON_LABELS = words.stop_reasons || {};
