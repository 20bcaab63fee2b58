import type { Contract, TillInfo } from '../../shared/ipc/contract.ts';
import type { DeviceStatusBoard } from '../devices/device-status-board.ts';
import type { Logger } from '../logging/logger.ts';
import type { Handlers } from './router.ts';

/**
 * Where each contract channel meets the service that answers it. Handlers stay
 * one line where they can: the work belongs in the services, so that reading
 * this file shows the whole surface the renderer can reach.
 */
export interface HandlerServices {
  info: TillInfo;
  devices: DeviceStatusBoard;
  logger: Logger;
}

export function createHandlers({ info, devices, logger }: HandlerServices): Handlers<Contract> {
  return {
    'till.getInfo': () => info,

    'devices.list': () => devices.list(),

    'diagnostics.reportRendererError': (report, context) => {
      logger.error('renderer.error', { ...report, transport: context.transport });
      return { recorded: true };
    },
  };
}
