import { useEffect, useState } from 'react';
import { ModalOverlay } from '../app/ModalOverlay.tsx';
import { t } from '../i18n/words.ts';
import { SaleScreen } from '../sale/SaleScreen.tsx';
import { useSaleStore } from '../sale/sale-store.ts';
import { useRefundStore } from '../refunds/refund-store.ts';
import { useDepositStore } from '../deposits/deposit-store.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { useTillStore } from '../store/till-store.ts';
import { DeviceStatusBar } from './DeviceStatusBar.tsx';
import { connectionNotice, modeBadge } from './shell-words.ts';
import { ThemeSwitch } from './ThemeSwitch.tsx';
import { TillDetails } from './TillDetails.tsx';
import { LockScreen } from '../staff/LockScreen.tsx';
import { reportActivity } from '../staff/activity.ts';
import { useUnsettledStore } from '../payments/unsettled-store.ts';

/** The frame of every till screen: who and where we are, device status, then the work area. */
export function TillShell({ bridge }: { bridge: RendererBridge }) {
  useEffect(() => useTillStore.getState().attach(bridge), [bridge]);
  useEffect(() => reportActivity(bridge, window), [bridge]);
  // Payments main has not settled, for the status bar and its panel, with or without a sale on screen.
  useEffect(() => useUnsettledStore.getState().attach(bridge), [bridge]);
  const info = useTillStore((state) => state.info);
  // The page says its language, for screen readers and the browser's hyphenation.
  const language = info?.language;
  useEffect(() => {
    if (language !== undefined) document.documentElement.lang = language;
  }, [language]);
  const connection = useTillStore((state) => state.connection);
  const problem = useTillStore((state) => state.problem);
  const notice = connectionNotice(connection);
  const badge = info === undefined ? undefined : modeBadge(info.mode);
  const [about, setAbout] = useState(false);
  const staff = useTillStore((state) => state.staff);
  const locked = staff === undefined || (staff.loginRequired && staff.operator === null);
  // A locked till keeps nothing of a sale, a card, a refund or a deposit on the page: main has it all for the next login.
  useEffect(() => {
    if (!locked) return;
    useSaleStore.getState().forget();
    useRefundStore.getState().forget();
    useDepositStore.getState().forget();
  }, [locked]);
  const [lockProblem, setLockProblem] = useState<string | undefined>(undefined);

  return (
    <div className="shell">
      <header className="shell-header">
        <div className="identity">
          <h1 className="store-name">{info?.storeName ?? 'Kassa'}</h1>
          {info !== undefined && <span className="till-name">{info.tillName}</span>}
          {badge !== undefined && <span className={`mode-badge mode-${info?.mode ?? ''}`}>{badge}</span>}
        </div>
        <DeviceStatusBar />
        {staff?.loginRequired === true && staff.operator !== null && (
          <div className="operator">
            <span>{t.staff.loggedIn(staff.operator.name)}</span>
            <button
              type="button"
              className="button"
              onClick={() => void useTillStore.getState().lock().then(setLockProblem)}
            >
              {t.staff.lock}
            </button>
          </div>
        )}
        {info !== undefined && <ThemeSwitch configured={info.theme} />}
        <button type="button" className="button about-button" onClick={() => setAbout(!about)} aria-expanded={about}>
          {t.app.aboutTill}
        </button>
      </header>
      {notice !== undefined && (
        <div className={`notice notice-${connection}`} role="status">
          {notice}
        </div>
      )}
      {lockProblem !== undefined && (
        <div className="notice notice-problem" role="alert">
          <span>{lockProblem}</span>
        </div>
      )}
      {problem !== undefined && (
        <div className="notice notice-problem" role="alert">
          <span>{problem}</span>
          <button type="button" className="button" onClick={() => void useTillStore.getState().refresh()}>
            {t.app.tryAgain}
          </button>
        </div>
      )}
      <main className="work-area">
        {info === undefined || staff === undefined ? (
          <p className="loading">{t.app.loadingTill}</p>
        ) : locked ? (
          <LockScreen />
        ) : (
          <SaleScreen bridge={bridge} />
        )}
        {about && info !== undefined && (
          <ModalOverlay onEscape={() => setAbout(false)}>
            <div className="about-dialog" role="dialog" aria-modal="true" aria-label={t.app.aboutTill}>
              <TillDetails info={info} />
              <button type="button" className="button" onClick={() => setAbout(false)}>
                {t.app.close}
              </button>
            </div>
          </ModalOverlay>
        )}
      </main>
    </div>
  );
}
