import type { HandlerGroup } from '../../../src-shared/contract';
import type { DeliveryService } from '../delivery/delivery-service';
import type { ImageBuildService } from './image-build-service';
import { inspectTarball } from './image-inspector';

/** The contract's `images.*` methods: inspect, build and send tarballs. */
export function imageHandlers(builds: ImageBuildService, delivery: DeliveryService): HandlerGroup<'images'> {
  return {
    'images.inspect': async ({ file }) => inspectTarball(file),
    'images.build': async (req) => ({ taskId: builds.start(req).taskId }),
    'images.buildResult': async ({ taskId }) => builds.result(taskId),
    'images.send': async (req) => ({ taskId: delivery.start(req).taskId }),
    'images.sendResult': async ({ taskId }) => delivery.result(taskId),
  };
}
