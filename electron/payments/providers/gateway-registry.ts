import type { TillConfig } from '../../../shared/config/schema.ts';
import {
  DEMO_ONLINE_GATEWAY,
  OnlinePaymentsConfigSchema,
  type OnlineGateway,
  type OnlinePaymentsConfig,
} from '../../../shared/config/online-schema.ts';
import { oppModule } from '../opp/opp-module.ts';
import { worldlineDirectModule } from '../worldline-direct/direct-module.ts';
import { worldnetModule } from '../worldnet/worldnet-module.ts';
import type { ConnectedGateway, GatewayModule } from './gateway-module.ts';
import type { ModuleContext } from './terminal-module.ts';

/** The online gateways this till speaks, one line each; the type stops the build until a new one has its line. */
const GATEWAYS: Readonly<Record<OnlineGateway, GatewayModule>> = {
  'worldline-direct': worldlineDirectModule,
  opp: oppModule,
  worldnet: worldnetModule,
};

export function gatewayModule(gateway: OnlineGateway): GatewayModule {
  return GATEWAYS[gateway];
}

/** Every gateway, in the schema's order. */
export const GATEWAY_MODULES: readonly GatewayModule[] = OnlinePaymentsConfigSchema.options.map((option) =>
  gatewayModule(option.shape.provider.value),
);

/** The online gateway a till uses: the one configured; none when null; the simulated one for a demo till. */
export function chosenOnline(config: TillConfig): OnlinePaymentsConfig | undefined {
  if (config.online === null) return undefined;
  if (config.online !== undefined) return config.online;
  return config.mode === 'demo' ? OnlinePaymentsConfigSchema.parse(DEMO_ONLINE_GATEWAY) : undefined;
}

export function connectGateway(
  config: TillConfig,
  online: OnlinePaymentsConfig,
  context: ModuleContext,
): Promise<ConnectedGateway> {
  return gatewayModule(online.provider).connect(config, online, context);
}
