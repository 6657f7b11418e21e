import type { HandlerGroup } from '../../../src-shared/contract';
import type { DeliveryService } from '../delivery/delivery-service';
import type { ImageBuildService } from './image-build-service';
import { inspectTarball } from './image-inspector';
import type { RecentTarballs } from './recent-tarballs';

/** The contract's `images.*` methods: inspect, build and send tarballs. */
export function imageHandlers(builds: ImageBuildService, delivery: DeliveryService, recent: RecentTarballs): HandlerGroup<'images'> {
  return {
    'images.inspect': async ({ file }) => {
      const r = await inspectTarball(file);
      // A whole tarball the user looked at is one the Guide may send.
      if (r.verified) recent.note(r.file, r.kind, r.images[0]?.tags ?? []);
      return r;
    },
    'images.build': async (req) => ({ taskId: builds.start(req).taskId }),
    'images.buildResult': async ({ taskId }) => builds.result(taskId),
    'images.send': async (req) => ({ taskId: delivery.start(req).taskId }),
    'images.sendResult': async ({ taskId }) => delivery.result(taskId),
  };
}
