import type {
  HourRow,
  HqStore,
  StoredWebhook,
  TakingsRow,
  TillRow,
  VatRow,
  WaitingAttempt,
  ZReportRow,
} from '../../hq-store.ts';
import type { Session } from '../session-cookie.ts';
import type { DayRange } from './date-range.ts';

/** What the overview shows everyone who is signed in. */
export interface ViewerOverview {
  readonly range: DayRange;
  readonly byShop: readonly TakingsRow[];
  readonly byTill: readonly TakingsRow[];
  readonly vat: readonly VatRow[];
  readonly byHour: readonly HourRow[];
  readonly zReports: readonly ZReportRow[];
  readonly tills: readonly TillRow[];
}

/** What only a manager sees. A viewer's page is built without it, so it cannot leak into their HTML. */
export interface ManagerOverview {
  readonly waiting: readonly WaitingAttempt[];
  readonly unrouted: readonly (StoredWebhook & { id: number })[];
}

export interface Overview {
  readonly viewer: ViewerOverview;
  /** Present for a manager only. */
  readonly manager: ManagerOverview | undefined;
}

/** Asks the store the page's questions, a manager's only for a manager. */
export async function loadOverview(store: HqStore, session: Session, range: DayRange): Promise<Overview> {
  const [byShop, byTill, vat, byHour, zReports, tills] = await Promise.all([
    store.takingsByShop(range),
    store.takingsByTill(range),
    store.vatByShop(range),
    store.takingsByHour(range),
    store.zReports(range),
    store.tills(),
  ]);
  const viewer = { range, byShop, byTill, vat, byHour, zReports, tills };
  if (session.role !== 'manager') return { viewer, manager: undefined };
  const [waiting, unrouted] = await Promise.all([store.waitingForManager(), store.unroutedWebhooks()]);
  return { viewer, manager: { waiting, unrouted } };
}
