import {
  Content,
  ErrorPanel,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import { ConfigApi, configApiRef, useApi } from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import {
  forget,
  forgettingOnSignOut,
  remember,
  rememberedChoice,
  SignInChoice,
} from './rememberedSignIn';

/** The header the backend's `personas` provider reads (packages/backend). */
const PERSONA_HEADER = 'x-miniplanes-persona';

type Persona = { user: string; title: string; team: string; role: string };

function readPersonas(config: ConfigApi): Persona[] {
  return (config.getOptionalConfigArray('demo.personas') ?? []).map(p => ({
    user: p.getString('user'),
    title: p.getString('title'),
    team: p.getString('team'),
    role: p.getString('role'),
  }));
}

/**
 * The demo's sign-in page: enter as one of its people (demo.personas), each a
 * catalog user with their groups, or as the guest. The choice is remembered
 * until sign-out, so a reload stays signed in; signing out offers everyone
 * again.
 */
export function PersonaSignInPage(
  props: SignInPageProps & { withGuest: boolean },
) {
  const config = useApi(configApiRef);
  const personas = readPersonas(config);
  const [choice, setChoice] = useState(() => {
    const remembered = rememberedChoice();
    const known =
      remembered?.provider === 'guest'
        ? props.withGuest
        : personas.some(p => p.user === remembered?.user);
    return known ? remembered : undefined;
  });

  const choose = (next: SignInChoice) => {
    remember(next);
    setChoice(next);
  };

  if (choice) {
    return (
      <ProxiedSignInPage
        provider={choice.provider}
        headers={
          choice.provider === 'personas'
            ? { [PERSONA_HEADER]: choice.user }
            : undefined
        }
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgettingOnSignOut(identity))
        }
        ErrorComponent={({ error }) => (
          <Page themeId="home">
            <Header title={config.getString('app.title')} />
            <Content>
              <ErrorPanel title="Could not sign in" error={error!} />
              <Button
                variant="outlined"
                color="primary"
                onClick={() => {
                  forget();
                  setChoice(undefined);
                }}
              >
                Choose someone else
              </Button>
            </Content>
          </Page>
        )}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header
        title={config.getString('app.title')}
        subtitle="Sign in as one of the demo's people"
      />
      <Content>
        <Grid container spacing={3}>
          {personas.map(persona => (
            <Grid item xs={12} sm={6} md={3} key={persona.user}>
              <InfoCard
                title={persona.title}
                subheader={persona.team}
                variant="fullHeight"
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    onClick={() =>
                      choose({ provider: 'personas', user: persona.user })
                    }
                  >
                    Sign in as {persona.title}
                  </Button>
                }
              >
                <Typography variant="body1">{persona.role}</Typography>
              </InfoCard>
            </Grid>
          ))}
          {props.withGuest && (
            <Grid item xs={12} sm={6} md={3}>
              <InfoCard
                title="Guest"
                subheader="airline-team and platform-team"
                variant="fullHeight"
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    onClick={() => choose({ provider: 'guest' })}
                  >
                    Enter
                  </Button>
                }
              >
                <Typography variant="body1">
                  Owner and approver at once
                </Typography>
              </InfoCard>
            </Grid>
          )}
        </Grid>
      </Content>
    </Page>
  );
}
