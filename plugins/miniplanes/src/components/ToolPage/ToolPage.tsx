import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ReactNode } from 'react';

/**
 * The frame of the plugin's pages: a tool page with its header, and in its
 * content what stands `above` (filters, warnings), then a progress bar while
 * `loading` and the `error` if loading failed, then the `children`.
 */
export function ToolPage(props: {
  title: string;
  subtitle?: string;
  above?: ReactNode;
  loading?: boolean;
  error?: Error;
  children?: ReactNode;
}) {
  return (
    <Page themeId="tool">
      <Header title={props.title} subtitle={props.subtitle} />
      <Content>
        {props.above}
        {props.loading && <Progress />}
        {props.error && <ResponseErrorPanel error={props.error} />}
        {props.children}
      </Content>
    </Page>
  );
}
