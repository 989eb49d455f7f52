/**
 * The page: sign-in (pick a seed user under the development secret, else
 * paste a token), then finding and opening plants, and the inbox.
 */
import { useEffect, useState } from 'preact/hooks';
import { devSignIn, devUsers, query, setToken, token, type DevUser } from './api.ts';
import { PlantView, Search } from './Explore.tsx';
import { MeDocument, type MeQuery } from './generated.ts';
import { AidView } from './Aid.tsx';
import { ApplicationsView } from './Applications.tsx';
import { Brief } from './Brief.tsx';
import { Inbox } from './Inbox.tsx';
import { RegionView } from './Region.tsx';
import { DataView } from './Data.tsx';
import { locale, setLocale, t } from './i18n.ts';
import { ErrorLine } from './ErrorLine.tsx';

type Tab = 'explore' | 'region' | 'applications' | 'aid' | 'inbox' | 'data';

export function App() {
  const [me, setMe] = useState<MeQuery['me'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('explore');
  const [plantId, setPlantId] = useState<string | null>(null);
  const [brief, setBrief] = useState<string | null>(null);
  const openPlant = (id: string) => (setPlantId(id), setBrief(null), setTab('explore'));
  const signedIn = token.value;

  useEffect(() => {
    setMe(null);
    if (!signedIn) return;
    query(MeDocument, {}).then(
      (data) => (setMe(data.me), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [signedIn]);

  return (
    <>
      <header>
        <h1>{t('title')}</h1>
        <nav aria-label={t('title')}>
          {me && (
            <>
              <span data-testid="signed-in">{t('signedInAs', { user: me.user?.name ?? me.id, role: t(`role${me.role}` as const), agency: me.agency?.name ?? me.agencyId })}</span>{' '}
              <button type="button" onClick={() => (setToken(null), setPlantId(null), setBrief(null))}>
                {t('signOut')}
              </button>{' '}
            </>
          )}
          <button type="button" lang={locale.value === 'en' ? 'zh-CN' : 'en'} title={t('languageLabel')} onClick={() => setLocale(locale.value === 'en' ? 'zh-CN' : 'en')}>
            {t('language')}
          </button>
        </nav>
      </header>
      <main>
        <ErrorLine error={error} />
        {!signedIn ? (
          <SignIn />
        ) : !me ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : (
          <>
            <div role="tablist" class="tabs">
              <button role="tab" type="button" aria-selected={tab === 'explore'} onClick={() => setTab('explore')}>
                {t('tabExplore')}
              </button>
              <button role="tab" type="button" aria-selected={tab === 'region'} onClick={() => setTab('region')}>
                {t('tabRegion')}
              </button>
              <button role="tab" type="button" aria-selected={tab === 'applications'} onClick={() => setTab('applications')}>
                {t('tabApplications')}
              </button>
              <button role="tab" type="button" aria-selected={tab === 'aid'} onClick={() => setTab('aid')}>
                {t('tabAid')}
              </button>
              <button role="tab" type="button" aria-selected={tab === 'inbox'} onClick={() => setTab('inbox')}>
                {t('tabInbox')}
              </button>
              <button role="tab" type="button" aria-selected={tab === 'data'} onClick={() => setTab('data')}>
                {t('tabData')}
              </button>
            </div>
            {tab === 'explore' ? (
              <div role="tabpanel" aria-label={t('tabExplore')}>
                {brief ? (
                  <Brief key={brief} id={brief} onClose={() => setBrief(null)} />
                ) : (
                  <>
                    <Search onOpen={setPlantId} />
                    {plantId && <PlantView key={plantId} id={plantId} me={me} onOpen={setPlantId} onBrief={setBrief} />}
                  </>
                )}
              </div>
            ) : tab === 'region' ? (
              <div role="tabpanel" aria-label={t('tabRegion')}>
                <RegionView onOpen={openPlant} />
              </div>
            ) : tab === 'applications' ? (
              <div role="tabpanel" aria-label={t('tabApplications')}>
                <ApplicationsView me={me} onOpen={openPlant} />
              </div>
            ) : tab === 'aid' ? (
              <div role="tabpanel" aria-label={t('tabAid')}>
                <AidView me={me} />
              </div>
            ) : tab === 'data' ? (
              <div role="tabpanel" aria-label={t('tabData')}>
                <DataView me={me} />
              </div>
            ) : (
              <div role="tabpanel" aria-label={t('tabInbox')}>
                <Inbox me={me} />
              </div>
            )}
          </>
        )}
      </main>
    </>
  );
}

function SignIn() {
  const [users, setUsers] = useState<DevUser[] | null | undefined>(undefined);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    devUsers().then(setUsers, (e: Error) => (setUsers(null), setError(e.message)));
  }, []);
  return (
    <section class="sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{t('signIn')}</h2>
      <ErrorLine error={error} />
      {users && (
        <>
          <p>{t('signInDevHint')}</p>
          <ul class="users">
            {users.map((u) => (
              <li key={u.id}>
                <button type="button" onClick={() => devSignIn(u.id).catch((e: Error) => setError(e.message))}>
                  {t('signInAs', { name: u.name })}
                </button>{' '}
                <span class="muted">
                  {u.agencyName} · {t(`role${u.role}` as const)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = pasted.trim().replace(/^bearer\s+/i, '');
          if (value) setToken(value);
        }}
      >
        <label>
          {t('pasteToken')}
          <textarea rows={3} value={pasted} onInput={(e) => setPasted((e.target as HTMLTextAreaElement).value)} />
        </label>
        <p class="muted">{t('tokenHint')}</p>
        <button type="submit">{t('useToken')}</button>
      </form>
    </section>
  );
}
