import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { StatefulApi, StatelessWeb } from '@remind-me/cdk8s-constructs';
import { webImageContract } from './image-contracts';
import { imageReference } from './image-reference';
import { Values } from './values';

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
    const port = webValues.port ?? webImageContract.port;
    this.statelessWeb = new StatelessWeb(this, 'Web', {
      name: 'remindmeweb',
      deploymentName: 'remindmeweb-deployment',
      containerName: 'frontend2',
      namespace: values.namespace,
      partOf: 'remind-me',
      image: imageReference(webValues.image, webImageContract.imageTag),
      imagePullPolicy: webValues.image.pullPolicy,
      port,
      replicas: webValues.replicas,
      resources: webValues.resources,
      probes: webValues.probes ?? { readinessPath: webImageContract.readinessPath, livenessPath: webImageContract.livenessPath },
      securityContext: { runAsUser: webImageContract.uid, runAsGroup: webImageContract.gid, fsGroup: webImageContract.gid },
      // The chapter's variables; the web finds the API through cluster DNS, so GET_HOSTS_FROM is
      // accepted and ignored by this repository's web, as by the book's.
      env: { ...webValues.env, GET_HOSTS_FROM: 'dns', apiUrl: api.podUrl(0) },
      service: { name: 'remind-me-web-svc', port, nodePort: webValues.nodePort },
    });
    api.allowFrom(this.statelessWeb.selectorLabels);
  }
}
