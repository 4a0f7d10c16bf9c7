using System.Buffers.Binary;
using System.Text;

namespace Nitrolyte.Tests.Formats.Diffraction;

/// <summary>
/// Writes Bruker RAW1.01 (v3) and RAW4.00 (v4) files byte by byte from the documented field offsets (the layout in
/// BrukerRawReader's summary, confirmed on real files), for the reader tests: known start, step, counts and wavelengths.
/// </summary>
public static class BrukerRawWriter
{
    public sealed record RawRange(double Start, double Step, float[] Counts, string ScanType = "Locked Coupled", int RecordBytes = 4,
        double RangeLambda = 1.5406, int SupplementaryBytes = 0, uint VaryingMask = 0);

    private static void Put(byte[] b, int o, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(o), v);
    private static void Put(byte[] b, int o, double v) => BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(o), v);
    private static void Put(byte[] b, int o, float v) => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(o), v);
    private static void Put(byte[] b, int o, string s) => Encoding.ASCII.GetBytes(s).CopyTo(b, o);

    public static byte[] V3(IReadOnlyList<RawRange> ranges, double k1 = 1.5406, double k2 = 1.54439, double ratio = 0.5, string sample = "SRM test", uint status = 1)
    {
        var parts = new List<byte[]>();
        var h = new byte[712];
        Put(h, 0, "RAW1.01");
        Put(h, 8, status);
        Put(h, 12, (uint)ranges.Count);
        Put(h, 16, "12/04/26");
        Put(h, 26, "23:00:00");
        Put(h, 326, sample);
        Put(h, 608, "Cu");
        Put(h, 616, (2 * k1 + k2) / 3);
        Put(h, 624, k1); Put(h, 632, k2); Put(h, 640, 1.39222); Put(h, 648, ratio);
        Put(h, 656, "A");
        parts.Add(h);
        foreach (var r in ranges)
        {
            var rh = new byte[304];
            Put(rh, 0, 304u);
            Put(rh, 4, (uint)r.Counts.Length);
            Put(rh, 8, r.Start / 2);
            Put(rh, 16, r.Start);
            Put(rh, 176, r.Step);
            Put(rh, 192, 1.5f);
            Put(rh, 240, r.RangeLambda);
            Put(rh, 248, r.VaryingMask);
            Put(rh, 252, (uint)r.RecordBytes);
            Put(rh, 256, (uint)r.SupplementaryBytes);
            parts.Add(rh);
            parts.Add(Enumerable.Repeat((byte)0xAB, r.SupplementaryBytes).ToArray());
            parts.Add(Records(r));
        }
        return parts.SelectMany(p => p).ToArray();
    }

    public static byte[] V4(IReadOnlyList<RawRange> ranges, double k1 = 1.5406, double k2 = 1.54439, double ratio = 0.5, string sample = "SRM test", string creator = "DIFFRAC.Test")
    {
        var parts = new List<byte[]>();
        var h = new byte[61];
        Put(h, 0, "RAW4.00");
        Put(h, 12, "12/04/2026");
        Put(h, 24, "23:00:00");
        parts.Add(h);
        parts.Add(TextRecord("SAMPLEID", sample));
        parts.Add(TextRecord("CREATOR", creator));
        var other = new byte[40];
        Put(other, 0, 77u); Put(other, 4, 40u);
        parts.Add(other);
        var inst = new byte[136];
        Put(inst, 0, 30u); Put(inst, 4, 136u);
        Put(inst, 72, (2 * k1 + k2) / 3); Put(inst, 80, k1); Put(inst, 88, k2); Put(inst, 96, 1.39222); Put(inst, 104, ratio);
        Put(inst, 116, "Cu");
        parts.Add(inst);
        foreach (var r in ranges)
        {
            var drives = new List<byte[]> { Drive("2Theta", r.Start), Drive("Theta", r.Start / 2) };
            var rh = new byte[160];
            Put(rh, 0, 0u);
            Put(rh, 4, (uint)r.Counts.Length);
            Put(rh, 32, r.ScanType);
            Put(rh, 72, r.Start); Put(rh, 80, r.Step);
            Put(rh, 88, (uint)r.Counts.Length);
            Put(rh, 92, 2f);
            Put(rh, 112, r.RangeLambda);
            Put(rh, 136, (uint)r.RecordBytes);
            Put(rh, 140, (uint)drives.Sum(d => d.Length));
            parts.Add(rh);
            parts.AddRange(drives);
            parts.Add(Records(r));
        }
        return parts.SelectMany(p => p).ToArray();
    }

    private static byte[] Records(RawRange r)
    {
        int stride = Math.Max(r.RecordBytes, 4);
        var d = new byte[r.Counts.Length * stride];
        for (int i = 0; i < r.Counts.Length; i++)
        {
            Put(d, i * stride, r.Counts[i]);
            if (stride >= 8) Put(d, i * stride + 4, 1u);
        }
        return d;
    }

    private static byte[] TextRecord(string name, string value)
    {
        var v = Encoding.UTF8.GetBytes(value + "\n");
        var b = new byte[36 + v.Length];
        Put(b, 0, 10u); Put(b, 4, (uint)b.Length);
        Put(b, 12, name);
        v.CopyTo(b, 36);
        return b;
    }

    private static byte[] Drive(string name, double start)
    {
        var b = new byte[92];
        Put(b, 0, 50u); Put(b, 4, 92u); Put(b, 8, 1u);
        Put(b, 12, name);
        Put(b, 56, start);
        return b;
    }
}
