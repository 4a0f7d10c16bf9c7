using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Nitrolyte.Formats.BioLogic;

namespace Nitrolyte.Benchmarks;

/// <summary>
/// Parsing throughput of large EC-Lab files made by repeating test files from ../shared/testdata:
/// big.mpt = the header of yadg's cp.mpt followed by its 121 data rows repeated to ~100 MB (29 columns, '.' decimals);
/// big.mpr = navani's 46102-point GCPL .mpr with its data records repeated 40 times (1.8 M points, ~100 MB).
/// The files are built once into bench/data/ (git-ignored). Compare with bench/scripts/pandas_read_mpt.py.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class InstrumentParsingBenchmarks
{
    public static string DataDir => Path.Combine(RepositoryPaths.RepositoryRoot ?? ".", "bench", "data");
    public static string BigMpt => Path.Combine(DataDir, "big.mpt");
    public static string BigMpr => Path.Combine(DataDir, "big.mpr");

    [GlobalSetup]
    public void Setup() => EnsureFiles();

    public static void EnsureFiles(long targetBytes = 100_000_000)
    {
        var shared = RepositoryPaths.SharedDirectory ?? throw new InvalidOperationException("../shared/testdata is needed to build the benchmark files");
        Directory.CreateDirectory(DataDir);
        if (!File.Exists(BigMpt))
        {
            var lines = File.ReadAllLines(Path.Combine(shared, "testdata/biologic/yadg/cp.mpt"), System.Text.Encoding.Latin1);
            int nh = int.Parse(lines[1].Split(':')[1].Trim());
            using var w = new StreamWriter(BigMpt, false, System.Text.Encoding.Latin1);
            for (int i = 0; i < nh; i++) w.Write(lines[i] + "\r\n");
            var data = string.Concat(lines.Skip(nh).Select(l => l + "\r\n"));
            while (w.BaseStream.Length < targetBytes) w.Write(data);
        }
        if (!File.Exists(BigMpr))
        {
            var b = File.ReadAllBytes(Path.Combine(shared, "testdata/biologic/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr"));
            using var probe = new MprRowReader(Path.Combine(shared, "testdata/biologic/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr"));
            var data = probe.Modules.First(m => m.ShortName == "VMP data");
            int npts = (int)probe.PointCount;
            int recordsStart = (int)(data.DataOffset + data.Length - (long)npts * RecordSize(b, data, npts));
            int rec = RecordSize(b, data, npts);
            int copies = (int)Math.Max(1, targetBytes / ((long)npts * rec));
            using var fs = File.Create(BigMpr);
            var head = b[..(int)(data.DataOffset + data.Length)];
            // patch: module length (old layout: u32 at header+6+35) and point count (u32 at the start of the payload)
            BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan((int)data.HeaderOffset + 6 + 35), (uint)(data.Length + (long)(copies - 1) * npts * rec));
            BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan((int)data.DataOffset), (uint)(npts * copies));
            fs.Write(head);
            var records = b.AsSpan(recordsStart, npts * rec);
            for (int c = 1; c < copies; c++) fs.Write(records);
            fs.Write(b.AsSpan((int)(data.DataOffset + data.Length)));
        }
    }

    private static int RecordSize(byte[] b, MprModule data, int npts) => data.Version switch
    {
        2 => (int)((data.Length - 405) / npts),
        3 => (int)((data.Length - 406) / npts),
        _ => (int)((data.Length - 1007) / npts),
    };

    [Benchmark] public int ReadMptColumns() => BioLogicReader.ReadMpt(BigMpt).RowCount;
    [Benchmark] public long StreamMptRows() => Stream(new MptRowReader(BigMpt));
    [Benchmark] public int ReadMprColumns() => BioLogicReader.ReadMpr(BigMpr).RowCount;
    [Benchmark] public long StreamMprRows() => Stream(new MprRowReader(BigMpr));
    [Benchmark] public long ReadFileBytes()
    {
        // reference: raw sequential read of the same .mpr through the same FileStream settings (page cache warm)
        using var fs = new FileStream(BigMpr, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buf = new byte[1 << 20];
        long n = 0; int r;
        while ((r = fs.Read(buf)) > 0) n += r;
        return n;
    }

    private static long Stream(ITableRowReader r)
    {
        using (r)
        {
            var row = new double[r.ColumnNames.Count];
            long n = 0;
            while (r.ReadRow(row)) n++;
            return n;
        }
    }
}
