// Turn merged field state into sessions with ordered sets: the mirror of sync/reduce.py.
//
// Input: {sessionId: {field: value}} and {setId: {field: value}}, the merged state of
// sync-protocol.md section 3. Deleted sessions and sets are hidden (a deleted session hides its
// sets), a set whose session does not exist is held back. Sessions are ordered by started_at as an
// instant (not as text), ties by id, undated ones last; sets by position, ties by set id.
// Pure: no DOM, no clock, runs in Node 20 and the browser.

const FORM_PREFIX = "form.";
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil):
// exact for years 1..9999, where Date.UTC would turn years 0..99 into 1900..1999.
/** @param {number} year @param {number} month @param {number} day */
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** @param {number} year @param {number} month */
function daysInMonth(year, month) {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const MIN_SECONDS = daysFromCivil(1, 1, 1) * 86400;
const MAX_SECONDS = daysFromCivil(9999, 12, 31) * 86400 + 86399;

// An RFC 3339 date-time as [seconds since the epoch, microseconds], or null when it is not one
// (the rules of sync/values.py: Python's datetime range, offsets below 24 h, no leap seconds).
/** @param {unknown} value @returns {[number, number] | null} */
export function rfc3339Instant(value) {
  if (typeof value !== "string") return null;
  const match = RFC3339.exec(value);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const fraction = match[7] ?? "";
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (match[8] === undefined) {
    const offH = Number(match[10]);
    const offM = Number(match[11]);
    if (offH > 23 || offM > 59) return null;
    offset = (offH * 60 + offM) * 60 * (match[9] === "-" ? -1 : 1);
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) return null;
  const micros = Number(fraction.slice(0, 6).padEnd(6, "0"));
  return [seconds, micros];
}

// Code-point order, as Python compares str (JS "<" compares UTF-16 code units).
/** @param {string} a @param {string} b */
export function compareText(a, b) {
  if (a === b) return 0;
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : 1;
  const left = [...a];
  const right = [...b];
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    if (left[i] !== right[i]) return (left[i].codePointAt(0) ?? 0) < (right[i].codePointAt(0) ?? 0) ? -1 : 1;
  }
  return left.length < right.length ? -1 : 1;
}

// Code units 0-0x7f (a pattern without control characters).
const ASCII = /^[^\u0080-\uffff]*$/;

/** @param {string} text */
function isAscii(text) {
  return ASCII.test(text);
}

// Code-unit order equals code-point order except where both strings hold a unit from the
// surrogate range upwards at the first difference; only then take the slow path.
/** @param {string} a @param {string} b */
function compareIds(a, b) {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return compareText(a, b);
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

// "form.hips_back" -> "hips_back", other field names -> null; remembered, since the same few
// names recur on every set and slicing them afresh dominated the reduction of a long log.
/** @type {Map<string, string | null>} */
const CUE_OF = new Map();

/** @param {string} name */
function cueOf(name) {
  let cue = CUE_OF.get(name);
  if (cue === undefined) {
    cue = name.startsWith(FORM_PREFIX) ? name.slice(FORM_PREFIX.length) : null;
    if (CUE_OF.size < 10000) CUE_OF.set(name, cue);
  }
  return cue;
}

// Fields absent from the merged state read as null (JSON objects have no undefined values, and
// the field names are not Object.prototype's, so a plain property read is safe and fast).
/** @param {string} setId @param {SetFields} fields @returns {SetView} */
function setView(setId, fields) {
  // The form object's keys keep the fields' order (Python sorts them; no reader depends on it).
  /** @type {Record<string, boolean>} */
  const form = {};
  for (const name in fields) {
    const cue = cueOf(name);
    if (cue !== null) form[cue] = Boolean(fields[name]);
  }
  return {
    id: setId,
    exercise: fields.exercise ?? null,
    load_kg: fields.load_kg ?? null,
    reps: fields.reps ?? null,
    rpe: fields.rpe ?? null,
    form,
    performed_at: fields.performed_at ?? null,
    position: fields.position ?? null,
    notes: fields.notes ?? null,
    pain: fields.pain ?? null,
    kind: fields.kind ?? "working",
  };
}

/** @param {SetView} a @param {SetView} b */
function comparePosition(a, b) {
  const aNone = a.position === null;
  const bNone = b.position === null;
  if (aNone !== bNone) return aNone ? 1 : -1;
  if (a.position !== null && b.position !== null && a.position !== b.position) return a.position < b.position ? -1 : 1;
  return compareIds(a.id, b.id);
}

// Visible sessions with their visible sets ordered by position (ties by set id).
// With newestFirst (the default, as the reads want) newest started_at first; without it oldest
// first, the order the progression engine replays. Undated sessions come last either way.
/** @param {Record<string, SessionFields>} sessions @param {Record<string, SetFields>} sets @returns {SessionView[]} */
export function reduceSessions(sessions, sets, { newestFirst = true } = {}) {
  /** @type {Map<string, SetView[]>} */
  const setsBySession = new Map();
  for (const setId of Object.keys(sets)) {
    const fields = sets[setId];
    if (fields.deleted === true) continue;
    const sessionId = fields.session_id;
    if (typeof sessionId !== "string") continue;
    let list = setsBySession.get(sessionId);
    if (list === undefined) {
      list = [];
      setsBySession.set(sessionId, list);
    }
    list.push(setView(setId, fields));
  }
  const visible = [];
  for (const sessionId of Object.keys(sessions)) {
    const fields = sessions[sessionId];
    if (fields.deleted === true) continue;
    visible.push({ sessionId, fields, instant: rfc3339Instant(fields.started_at) });
  }
  const sign = newestFirst ? -1 : 1;
  visible.sort((a, b) => {
    if ((a.instant === null) !== (b.instant === null)) return a.instant === null ? 1 : -1;
    if (a.instant !== null && b.instant !== null) {
      for (let i = 0; i < 2; i += 1) {
        if (a.instant[i] !== b.instant[i]) return a.instant[i] < b.instant[i] ? -sign : sign;
      }
    }
    return compareIds(a.sessionId, b.sessionId);
  });
  return visible.map(({ sessionId, fields }) => ({
    id: sessionId,
    started_at: fields.started_at ?? null,
    ended_at: fields.ended_at ?? null,
    notes: fields.notes ?? null,
    sets: (setsBySession.get(sessionId) ?? []).sort(comparePosition),
  }));
}
