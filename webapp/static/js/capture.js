// What the phone's sensors give a check-in: a position with its accuracy, and a small selfie.
// Neither may block an official: without a position or photo the record is still made.

const MAX_SIDE = 640;
const MIN_SIDE = 320;
const TARGET_BYTES = 60 * 1024;

// Six decimals of a degree are about 0.1 m, far finer than a phone's fix; the raw double's
// other ten digits would only lengthen every check-in sent over 3G.
const sixDecimals = (degrees) => Math.round(degrees * 1e6) / 1e6;

// Resolves to {lat, lon, accuracy_m, problem}; coordinates are null and `problem` is
// 'denied' | 'unavailable' | 'timeout' | 'unsupported' when there is no position.
export function locate({ timeoutMs = 15000 } = {}) {
  const none = (problem) => ({ lat: null, lon: null, accuracy_m: null, problem });
  if (!('geolocation' in navigator)) return Promise.resolve(none('unsupported'));
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => resolve({
        lat: sixDecimals(coords.latitude), lon: sixDecimals(coords.longitude),
        accuracy_m: Math.round(coords.accuracy * 10) / 10, problem: null,
      }),
      (error) => resolve(none({ 1: 'denied', 2: 'unavailable', 3: 'timeout' }[error.code]
                              || 'unavailable')),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60000 },
    );
  });
}

export const LOCATION_PROBLEMS = {
  denied: 'Izin lokasi ditolak',
  unavailable: 'Lokasi tidak tersedia',
  timeout: 'Lokasi terlalu lama didapat',
  unsupported: 'Perangkat tidak mendukung lokasi',
};

function encode(canvas, type, quality) {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

function draw(bitmap, maxSide) {
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas;
}

// Downscale a camera image to at most 640 px and compress it (WebP, else JPEG), lowering the
// quality, then the size, until it fits ~60 KB. Resolves to a Blob of image/webp or image/jpeg.
export async function shrinkPhoto(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  let blob = null;
  try {
    for (let side = MAX_SIDE; side >= MIN_SIDE; side = Math.round(side * 0.75)) {
      const canvas = draw(bitmap, side);
      for (const quality of [0.8, 0.65, 0.5, 0.35]) {
        blob = await encode(canvas, 'image/webp', quality);
        // Browsers without a WebP encoder hand back PNG; use JPEG there.
        if (blob?.type !== 'image/webp') blob = await encode(canvas, 'image/jpeg', quality);
        if (blob.size <= TARGET_BYTES) return blob;
      }
    }
    return blob; // a face is still recognisable; the server takes up to 300 KB
  } finally {
    bitmap.close();
  }
}
