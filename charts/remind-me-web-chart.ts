import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { StatefulApi, StatelessWeb } from '../lib';
import { imageReference, Values } from './values';

/**
 * The web image is ASP.NET Core, which listens on port 80 as root by default; the "restricted"
 * standard runs it as a non-root user, so it is told to listen on an unprivileged port.
 */
const WEB_PORT = 8080;

export interface RemindMeWebChartProps {
  readonly values: Values;
  /** The API the web pods call: its pod 0 URL becomes `apiUrl`, and only these pods may reach it. */
  readonly api: StatefulApi;
}

/** The chapter's `webspec`: the web front end behind a NodePort Service. */
export class RemindMeWebChart extends Chart {
  readonly statelessWeb: StatelessWeb;

  constructor(scope: Construct, id: string, { values, api }: RemindMeWebChartProps) {
    super(scope, id);
    const webValues = values.web;
    this.statelessWeb = new StatelessWeb(this, 'Web', {
      name: 'remindmeweb',
      deploymentName: 'remindmeweb-deployment',
      containerName: 'frontend2',
      namespace: values.namespace,
      partOf: 'remind-me',
      image: imageReference(webValues.image),
      imagePullPolicy: webValues.image.pullPolicy,
      port: WEB_PORT,
      replicas: webValues.replicas,
      resources: webValues.resources,
      env: {
        ASPNETCORE_URLS: `http://+:${WEB_PORT}`,
        GET_HOSTS_FROM: 'dns',
        apiUrl: api.podUrl(0),
      },
      service: { name: 'remind-me-web-svc', port: 8080, nodePort: webValues.nodePort },
    });
    api.allowFrom(this.statelessWeb.selectorLabels);
  }
}
