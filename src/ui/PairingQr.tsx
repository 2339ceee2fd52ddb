// A pairing code as a QR code, for a phone's camera: drawn as SVG from the code's modules
// (qrcode-generator, loaded only when a code is shown), never inserted as markup.
import { useEffect, useState } from 'preact/hooks';

export function PairingQr({ code }: { code: string }) {
  const [path, setPath] = useState<{ d: string; size: number } | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode-generator').then(({ default: qrcode }) => {
      const qr = qrcode(0, 'M');
      qr.addData(code);
      qr.make();
      const n = qr.getModuleCount();
      let d = '';
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
      if (live) setPath({ d, size: n + 8 }); // a quiet zone of 4 modules
    });
    return () => { live = false; };
  }, [code]);
  if (!path) return null;
  return (
    <svg class="qr" role="img" aria-label="QR code of the pairing code" viewBox={`0 0 ${path.size} ${path.size}`} width={path.size * 4} height={path.size * 4}>
      <rect width={path.size} height={path.size} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
