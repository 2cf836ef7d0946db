// The shapes the PWA's modules share, for TypeScript's check of the JavaScript (checkJs) only:
// never served (server/routes/pwa.py leaves .ts files out of the shell). Every byte of JSDoc is
// downloaded by the browser, so the shapes and their explanations live here, and they are global
// (this file has no import or export; tsconfig.json includes it): a module names `Op` or `Program`
// in its JSDoc without an @import line. The Python side is the model: sync/ops.py (Op),
// sync/reduce.py (SessionView, SetView), server/progression/program.py (Program),
// server/progression/engine.py (Verdict), server/wire.py and docs/sync-protocol.md (wire bodies).
// Being global, an interface here that shares its name with one of the DOM lib's would merge with
// it silently: none does (TypeScript 5.9), which is why the screen type is View, not Screen, and a
// response's JSON is JsonBody, not Body.

// The app's classes, by name.
type Local = import("./local.js").Local;
type Syncer = import("./sync.js").Syncer;
type App = import("./ui/app.js").App;
type UndoToast = import("./ui/undo-toast.js").UndoToast;
type DBSchema = import("../vendor/idb.js").DBSchema;

// ---- ops and the replica (sync-protocol.md sections 2 and 3) ----

/** One write: set `field` of (`entity`, `entity_id`) to `value`, at clock value `hlc`. */
interface Op {
  hlc: string;
  entity: string;
  entity_id: string;
  field: string;
  /** Any JSON value; the field table of sync-protocol.md section 3 says which. */
  value: unknown;
}

/** An op before the device's clock stamps it (what `Local.write` takes). */
type FieldChange = Omit<Op, "hlc">;

/** An op the server refused for itself, set aside where the lifter sees it. */
interface Rejected {
  hlc: string;
  op: Op;
  status: number;
  detail: string;
  /** ISO time it was set aside. */
  at: string;
}

/** The merged fields of a session (absent: never written). The field table of
 * sync-protocol.md section 3 says each value's type; the index is every other field an op named. */
interface SessionFields {
  started_at?: string;
  ended_at?: string | null;
  notes?: string;
  deleted?: boolean;
  [field: string]: unknown;
}

/** The merged fields of a set; `form.<cue id>` is one boolean per form cue. */
interface SetFields {
  session_id?: string;
  exercise?: string;
  load_kg?: number | null;
  reps?: number;
  rpe?: number | null;
  performed_at?: string;
  position?: number;
  notes?: string;
  pain?: boolean;
  kind?: string;
  deleted?: boolean;
  [field: string]: unknown;
}

/** Any entity's merged fields, addressed by name. */
type Fields = Record<string, unknown>;

/** entity -> entity_id -> field -> value: the merged state as `Local` holds it. The index is how
 * `Local` applies an op to whichever entity it names (undefined: not an entity of the protocol). */
interface Entities {
  session: Record<string, SessionFields>;
  set: Record<string, SetFields>;
  exercise: Record<string, Fields>;
  profile: Record<string, Fields>;
  [entity: string]: Record<string, Fields> | undefined;
}

/** The signed-in account on this device. */
interface Auth {
  token: string;
  device_id: string;
  username: string;
  device_name: string;
}

/** `Clock.toJSON()`: what storage keeps of the clock. */
interface ClockState {
  node: string;
  wallMs: number;
  counter: number;
}

/** The `meta` store: one key each. */
interface Meta {
  auth?: Auth;
  auth_lost?: boolean;
  cursor?: number;
  offset_ms?: number;
  max_received?: string | null;
  clock?: ClockState;
}

/** What `Persist.load` reads back. */
interface Stored {
  state: Op[];
  outbox: Op[];
  rejected: Rejected[];
  meta: Meta;
}

/** One change to storage, committed whole or not at all: puts and deletes per store. */
interface Commit {
  state?: Op[];
  stateDelete?: Op[];
  log?: Op[];
  logDelete?: string[];
  outbox?: Op[];
  outboxDelete?: string[];
  rejected?: Rejected[];
  rejectedDelete?: string[];
  meta?: Meta;
}

/** Where the replica lives: IndexedDB (idbPersist) or Maps (memoryPersist, for Node tests). */
interface Persist {
  load(): Promise<Stored>;
  commit(change: Commit): Promise<void>;
  /** Every logged op of the field `op` names. */
  opsForField(op: Op): Promise<Op[]>;
  clear(): Promise<void>;
  close(): void;
}

/** The IndexedDB schema of persist.js (version 2): a journal of commits and a snapshot of them folded. */
interface HingeDB extends DBSchema {
  journal: { key: number; value: Commit };
  snapshot: { key: string; value: { through: number; data: MemoryStores } };
}

/** memoryPersist's stores. */
interface MemoryStores {
  state: Map<string, Op>;
  log: Map<string, Op>;
  outbox: Map<string, Op>;
  rejected: Map<string, Rejected>;
  meta: Map<string, unknown>;
}

// ---- reads (sync/reduce.py) ----

interface SetView {
  id: string;
  exercise: string | null;
  load_kg: number | null;
  reps: number | null;
  rpe: number | null;
  form: Record<string, boolean>;
  performed_at: string | null;
  position: number | null;
  notes: string | null;
  pain: boolean | null;
  kind: string;
}

interface SessionView {
  id: string;
  started_at: string | null;
  ended_at: string | null;
  notes: string | null;
  sets: SetView[];
}

/** A session the progression engine replays: its start is a valid RFC 3339 date-time. */
type DatedSession = SessionView & { started_at: string };

// ---- the program (server/progression/program.py; program.json) ----

interface RepRange {
  min: number;
  max: number;
}

interface Cue {
  id: string;
  name: string;
  explanation: string;
}

interface Exercise {
  id: string;
  name: string;
  plural: string;
  /** Always in the program; absent on workout.js's stand-in for an id the program lacks. */
  equipment?: string[];
  cues: string[];
}

interface Stage {
  id: string;
  name: string;
  label: string;
  exercises: string[];
  // Optional: the server's JSON has every key, a hand-written program.json may leave these out.
  reps?: RepRange | null;
  min_load_kg?: number | null;
  /** The same minimum in pounds, for a lifter whose profile units are lb. */
  min_load_lb?: number | null;
  mastery?: { sessions_in_a_row: number; min_sets: number } | null;
  /** The rest after a set of this stage's exercises; absent: rest-timer.js's REST_SECONDS. */
  rest_seconds?: number | null;
}

interface Program {
  id: string;
  name: string;
  version: number;
  cues: Cue[];
  exercises: Exercise[];
  stages: Stage[];
  assistance: { exercises: string[]; note?: string };
  warmup: { reps: RepRange; note?: string };
  load_caps: {
    start_kg: Record<string, number>;
    /** The starts in pounds (same exercises), for a lb lifter. */
    start_lb: Record<string, number>;
    /** Caps below `below_kg` move by `step_kg`; the last step (below_kg null) has no bound. */
    steps: { below_kg: number | null; step_kg: number }[];
    /** The steps in pounds, for a lb lifter. */
    steps_lb: { below_lb: number | null; step_lb: number }[];
    raise: { min_working_sets: number; min_reps: number; max_rpe: number };
    lower: { sloppy_sessions_in_a_row: number };
  };
  pain: { sessions_in_a_row: number; resume_min_sets: number };
  kettlebell: { exercise: string; sizes_kg: number[]; sizes_lb: number[]; next_bell_reps: number };
  /** A load this close (in kg) to a cap, a stage minimum or a bell counts as that load. */
  load_tolerance_kg: number;
}

/** The lifter's choice in the profile entity (sync-protocol.md section 5a). */
type Units = "kg" | "lb";

// ---- the progression verdict (server/progression/engine.py) ----

type StageStatus = "mastered" | "active" | "suspended" | "locked";

interface StageVerdict {
  id: string;
  status: StageStatus;
  progress: { qualifying_sessions: number; needed_sessions: number | null; load_caps: Record<string, number> };
  missing: string[];
}

interface HistoryEvent {
  session_id: string;
  date: string;
  /** mastered, unlocked, cap_raised, cap_lowered, suspended or resumed */
  event: string;
  exercise: string;
  detail: string;
  /** The exercise's load cap in kg just after the event, for a load-gated exercise's unlocked,
   * cap_raised, cap_lowered and suspended (after its drop); null otherwise. */
  cap_kg: number | null;
}

interface Verdict {
  unlocked: string[];
  stages: StageVerdict[];
  load_caps: Record<string, number>;
  above_cap: string[];
  warmup: string[];
  next_bell_kg: number | null;
  advice: string[];
  history: HistoryEvent[];
  /** The units the lifter was judged in and the sentences speak; the numbers are always kg. */
  units: Units;
}

/** A Map that holds every key the code looks up, so `get` never answers undefined: how
 * progression.js's replay uses its tables (the program, compiled, names every key it asks for),
 * and how TypeScript reads a Record's index without noUncheckedIndexedAccess. */
interface Table<K, V> extends Map<K, V> {
  get(key: K): V;
}

/** An exercise of the program, compiled for the replay (rules.py). */
interface ExerciseRule {
  id: string;
  name: string;
  plural: string;
  cues: string[];
  /** Index of its stage, or -1 for assistance. */
  stage: number;
  /** The cap's start and floor in the lifter's units, or null: not load-gated. */
  start: number | null;
  minReps: number | null;
  maxReps: number | null;
  /** The stage's minimum in kg less the tolerance, or null. */
  minLoad: number | null;
}

/** A stage of the program, compiled for the replay. */
interface StageRule {
  index: number;
  id: string;
  name: string;
  label: string;
  reps: RepRange | null;
  exercises: string[];
  /** The stage's minimum load in the lifter's units, for the sentences. */
  minLoad: number | null;
  needed: number | null;
  minSets: number | null;
  /** Some exercise of it has a load cap. */
  gated: boolean;
}

interface Rules {
  units: Units;
  /** program.load_tolerance_kg */
  tolerance: number;
  order: string[];
  exercises: Table<string, ExerciseRule>;
  stages: StageRule[];
  /** The exercises with a load cap, in program order. */
  gated: string[];
  /** [below, step] in the lifter's units */
  steps: [number | null, number][];
  raiseSets: number;
  raiseReps: number;
  raiseRpe: number;
  sloppySessions: number;
  painSessions: number;
  resumeSets: number;
  bellExercise: string;
  bellSizes: number[];
  bellReps: number;
}

/** What one session did for one exercise. */
interface Facts {
  pain: boolean;
  qualifying: number;
  working: boolean;
  sloppy: boolean;
  raising: number;
}

/** live-progress.js's answer: the open session's clean sets toward the stage being trained. */
interface LiveProgress {
  done: number;
  /** The stage's mastery min_sets, or null for a stage without mastery. */
  needed: number | null;
  /** Why the latest set does not count, or null when it counts (or there is none). */
  why: string | null;
}

/** trainNow's answer: the stage to train, why, and how far along it is. */
interface Focus {
  stage: Stage;
  index: number;
  exercise: string;
  why: string;
  /** [sessions done, sessions needed], or null for a load-gated stage. */
  progress: [number, number] | null;
  /** The name of the stage on hold, if one is. */
  held: string | null;
}

/** setRowText's answer: one set as a logbook row's pieces. */
interface SetRowText {
  /** "60 kg × 10", "Band × 12", "Bodyweight × 12". */
  loadReps: string;
  exercise: string;
  /** "✓", "missed: Hips back" (the first missed cue), or null when the exercise has no cues. */
  cues: string | null;
  /** "+1" when more than one cue was missed, else null. */
  more: string | null;
  clean: boolean;
  pain: boolean;
  /** "RPE 8", or null. */
  rpe: string | null;
}

// ---- the API (sync-protocol.md sections 1 and 4; server/wire.py) ----

interface AccountCreated {
  user_id: string;
}

interface DeviceCreated {
  token: string;
  device_id: string;
}

interface Device {
  device_id: string;
  name: string;
  created_at: string;
  last_sync_at: string | null;
}

interface DeviceList {
  devices: Device[];
}

/** The calls of api.js. */
interface Api {
  createAccount(username: string, password: string): Promise<AccountCreated>;
  signIn(username: string, password: string, name: string): Promise<DeviceCreated>;
  devices(token: string): Promise<DeviceList>;
  /** 204: no body. */
  revoke(token: string, deviceId: string): Promise<null>;
}

/** The options of api.js's call. */
interface CallOptions {
  token?: string;
  body?: unknown;
}

/** The body of a 200 from POST /api/v1/sync, as isSyncResponse checks it. */
interface SyncResponse {
  cursor: number;
  ops: Op[];
  more: boolean;
  server_time_ms: number;
}

/** A JSON body read from a response: checked key by key before use. */
type JsonBody = { [key: string]: unknown } | null;

/** The timers the sync loop uses (globalThis in the browser, fakes in tests). */
interface Timers {
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
  setInterval(callback: () => void, ms: number): number;
  clearInterval(id: number): void;
}

/** The Syncer's outside world; every one has a browser default. */
interface SyncOptions {
  fetch?: typeof fetch;
  now?: () => number;
  online?: () => boolean;
  random?: () => number;
  timers?: Timers;
  base?: string;
}

// ---- the screens ----

/** Attributes, properties (`value`, `checked`, …), `class`, `text`, `dataset` and `on<event>`
 * listeners of ui/dom.js's h(); the listeners get their event's type. */
type Props = Partial<Omit<GlobalEventHandlers, "addEventListener" | "removeEventListener">> & {
  [key: string]: unknown;
};

/** A child of h(): nodes, text, and nested lists; null, undefined and false are skipped. */
type Child = Node | string | number | boolean | null | undefined | Child[];

/** The lifter's own exercise (sync-protocol.md §5a). */
interface OwnExercise {
  id: string;
  name: string;
  /** barbell, dumbbell, kettlebell, machine, band, bodyweight or other */
  kind: string;
  /** present only when asked for deleted ones too */
  deleted?: true;
}

/** The synced profile with the defaults filled in. */
interface Profile {
  units: "kg" | "lb";
  bar_kg: number;
  plates_kg: number[];
}

interface Deps {
  local: Local;
  syncer: Syncer;
  program: Program;
  toast: UndoToast;
}

/** A screen behind a tab (not `Screen`: that is the DOM's window.screen). */
interface View {
  el: HTMLElement;
  update(): void;
  /** Called each time the screen is shown (the devices screen loads its list). */
  refresh?(): unknown;
  /** Before update() each time it is shown: the route's parameter (#exercise/<id>), or null. */
  show?(parameter: string | null): void;
}

/** LogPanel's values, as workout.js's logSetChanges takes them. */
interface LoggedValues {
  /** null only before the panel was first updated, when it cannot be submitted. */
  exercise: string | null;
  loadKg: number | null;
  reps: number;
  rpe: number | null;
  cues: Record<string, boolean>;
  pain: boolean;
  /** The set's note ("" or absent: none). */
  notes?: string;
  /** Absent: a working set. */
  kind?: "working" | "warmup";
}

/** SetEditor's values: the fields of the set after the edit. */
interface EditedValues {
  exercise: string;
  load_kg: number | null;
  reps: number;
  rpe: number | null;
  pain: boolean;
  form: Record<string, boolean>;
  /** The set's note ("" clears it). */
  notes?: string;
}

/** LogPanel's number fields, each with its own error. */
type PanelField = "load" | "reps" | "rpe";

/** What LogPanel.update gets. */
interface PanelData {
  unlocked: string[];
  sessions: SessionView[];
  session: SessionView | null;
  focus: string;
  caps: Record<string, number>;
  profile: Profile;
  /** The lifter's own exercises, offered after the program's. */
  exercises: OwnExercise[];
}

/** Stepper's options. */
interface StepperOptions {
  label: string;
  less: string;
  more: string;
  /** The next value after a press of − (-1) or + (1), or null for empty. */
  step: (direction: number, current: number | null) => number | null;
  inputmode?: string;
  min: number;
  max?: number;
  stepAttr?: number | "any";
  placeholder?: string;
}

/** The running app, for the e2e tests and a curious console (main.js). */
declare var hinge: { local: Local; syncer: Syncer; app: App } | undefined;
