using System.Buffers.Binary;
using System.Text;

namespace Nitrolyte.Tests.Support;

/// <summary>
/// A minimal reader of uncompressed Arrow IPC files (Feather v2), enough to read the NewareNDA reference tables:
/// integer, floating-point, timestamp and dictionary-encoded string columns, one or more record batches, validity
/// bitmaps. Written from the Arrow columnar format specification (Message/Schema/RecordBatch flatbuffers); it
/// decodes the flatbuffers by hand. Compressed bodies are rejected.
/// </summary>
public sealed class ArrowIpcReader
{
    public sealed record Column(string Name, string Type, double[] Values, string?[]? Strings);

    public IReadOnlyList<Column> Columns { get; }
    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Values.Length;
    public Column this[string name] => Columns.First(c => c.Name == name);

    private sealed record FieldInfo(string Name, byte TypeType, int BitWidth, bool Signed, short Precision, long? DictionaryId, int IndexBitWidth);

    public ArrowIpcReader(string path)
    {
        var b = File.ReadAllBytes(path);
        if (Encoding.ASCII.GetString(b, 0, 6) != "ARROW1") throw new InvalidDataException("not an Arrow IPC file");
        int pos = 8;
        List<FieldInfo>? fields = null;
        var dictionaries = new Dictionary<long, string[]>();
        var values = new List<List<double>>();
        var strings = new List<List<string?>?>();
        while (pos + 8 <= b.Length)
        {
            int cont = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos));
            int metaLen;
            if (cont == -1) { metaLen = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos + 4)); pos += 8; }
            else { metaLen = cont; pos += 4; }
            if (metaLen == 0) break;
            var fb = new Fb(b, pos);
            var msg = fb.Root();
            byte headerType = fb.U8(msg, 1);
            int header = fb.Table(msg, 2);
            long bodyLength = fb.I64(msg, 3);
            int body = pos + metaLen;
            if (headerType == 1) // Schema
            {
                fields = new List<FieldInfo>();
                foreach (var f in fb.TableVector(header, 1))
                {
                    string name = fb.String(f, 0) ?? "";
                    byte tt = fb.U8(f, 2);
                    int type = fb.Table(f, 3);
                    int bw = 0; bool signed = false; short prec = 0;
                    if (tt == 2) { bw = fb.I32(type, 0); signed = fb.U8(type, 1) != 0; }
                    if (tt == 3) prec = fb.I16(type, 0);
                    long? dictId = null; int ibw = 32;
                    int dict = fb.Table(f, 4);
                    if (dict != 0) { dictId = fb.I64(dict, 0); int it = fb.Table(dict, 1); if (it != 0) ibw = fb.I32(it, 0); }
                    fields.Add(new FieldInfo(name, tt, bw, signed, prec, dictId, ibw));
                    values.Add(new List<double>());
                    strings.Add(dictId is not null || tt == 5 ? new List<string?>() : null);
                }
            }
            else if (headerType == 2) // DictionaryBatch: a one-column record batch of utf8
            {
                long id = fb.I64(header, 0);
                int rb = fb.Table(header, 1);
                var (length, nodes, buffers) = ReadBatch(fb, rb);
                var bufs = Materialise(b, body, buffers, fb.Table(rb, 3) != 0);
                dictionaries[id] = ReadUtf8(bufs, 0, (int)length);
            }
            else if (headerType == 3) // RecordBatch
            {
                if (fields is null) throw new InvalidDataException("record batch before schema");
                int compression = fb.Table(header, 3);
                if (compression != 0 && fb.U8(compression, 0) != 0) throw new InvalidDataException("only LZ4-frame compressed batches are supported");
                var (length, nodes, buffers) = ReadBatch(fb, header);
                var bufs = Materialise(b, body, buffers, compression != 0);
                int bi = 0;
                for (int k = 0; k < fields.Count; k++)
                {
                    var f = fields[k];
                    long nulls = nodes[k].NullCount;
                    var validity = bufs[bi];
                    bool IsValid(int i) => nulls == 0 || validity.Length == 0 || (validity[i >> 3] >> (i & 7) & 1) == 1;
                    if (f.DictionaryId is { } did)
                    {
                        var data = bufs[bi + 1];
                        var dict = dictionaries[did];
                        for (int i = 0; i < length; i++)
                        {
                            long code = ReadInt(data, 0, i, f.IndexBitWidth, true);
                            values[k].Add(IsValid(i) ? code : double.NaN);
                            strings[k]!.Add(IsValid(i) ? dict[code] : null);
                        }
                        bi += 2;
                    }
                    else if (f.TypeType == 5)
                    {
                        var s = ReadUtf8(bufs, bi, (int)length);
                        for (int i = 0; i < length; i++) { values[k].Add(double.NaN); strings[k]!.Add(IsValid(i) ? s[i] : null); }
                        bi += 3;
                    }
                    else
                    {
                        var data = bufs[bi + 1];
                        for (int i = 0; i < length; i++)
                        {
                            double v = f.TypeType switch
                            {
                                2 => ReadInt(data, 0, i, f.BitWidth, f.Signed),
                                3 => f.Precision == 1 ? BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(4 * i)) : BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(8 * i)),
                                10 => BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(8 * i)),
                                _ => throw new InvalidDataException($"Arrow type {f.TypeType} not supported"),
                            };
                            values[k].Add(IsValid(i) ? v : double.NaN);
                        }
                        bi += 2;
                    }
                }
            }
            pos = body + (int)bodyLength;
        }
        if (fields is null) throw new InvalidDataException("no schema");
        Columns = fields.Select((f, k) => new Column(f.Name, f.DictionaryId is not null ? "dictionary" : f.TypeType switch
        {
            2 => $"int{f.BitWidth}", 3 => f.Precision == 1 ? "float32" : "float64", 10 => "timestamp", 5 => "utf8", _ => "?",
        }, values[k].ToArray(), strings[k]?.ToArray())).ToList();
    }

    private static long ReadInt(byte[] b, int at, int i, int bits, bool signed) => (bits, signed) switch
    {
        (8, true) => (sbyte)b[at + i],
        (8, false) => b[at + i],
        (16, true) => BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(at + 2 * i)),
        (16, false) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at + 2 * i)),
        (32, true) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at + 4 * i)),
        (32, false) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at + 4 * i)),
        (64, _) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at + 8 * i)),
        _ => throw new InvalidDataException($"int{bits} not supported"),
    };

    private static string[] ReadUtf8(List<byte[]> bufs, int bi, int length)
    {
        var offsets = bufs[bi + 1]; var data = bufs[bi + 2];
        var r = new string[length];
        for (int i = 0; i < length; i++)
        {
            int o0 = BinaryPrimitives.ReadInt32LittleEndian(offsets.AsSpan(4 * i));
            int o1 = BinaryPrimitives.ReadInt32LittleEndian(offsets.AsSpan(4 * i + 4));
            r[i] = Encoding.UTF8.GetString(data, o0, o1 - o0);
        }
        return r;
    }

    /// <summary>Each buffer as bytes; compressed buffers are an int64 uncompressed length (-1 = stored raw) and an LZ4 frame.</summary>
    private static List<byte[]> Materialise(byte[] b, int body, List<(long Offset, long Length)> buffers, bool compressed)
    {
        var list = new List<byte[]>();
        foreach (var (off, len) in buffers)
        {
            var raw = b.AsSpan(body + (int)off, (int)len);
            if (!compressed || len == 0) { list.Add(raw.ToArray()); continue; }
            long n = BinaryPrimitives.ReadInt64LittleEndian(raw);
            list.Add(n == -1 ? raw[8..].ToArray() : Lz4Frame(raw[8..], (int)n));
        }
        return list;
    }

    /// <summary>LZ4 frame decoding (frame header, blocks stored raw or LZ4-block compressed), from the LZ4 format description.</summary>
    private static byte[] Lz4Frame(ReadOnlySpan<byte> s, int size)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(s) != 0x184D2204) throw new InvalidDataException("not an LZ4 frame");
        byte flg = s[4];
        int p = 6 + ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0) + 1;
        var output = new byte[size];
        int o = 0;
        while (true)
        {
            uint bs = BinaryPrimitives.ReadUInt32LittleEndian(s[p..]);
            p += 4;
            if (bs == 0) break;
            int blen = (int)(bs & 0x7FFFFFFF);
            var block = s.Slice(p, blen);
            if ((bs & 0x80000000) != 0) { block.CopyTo(output.AsSpan(o)); o += blen; }
            else o = Lz4Block(block, output, o);
            p += blen + ((flg & 0x10) != 0 ? 4 : 0);
        }
        return output;
    }

    private static int Lz4Block(ReadOnlySpan<byte> s, byte[] dst, int o)
    {
        int p = 0;
        while (p < s.Length)
        {
            int token = s[p++];
            int lit = token >> 4;
            if (lit == 15) { int x; do { x = s[p++]; lit += x; } while (x == 255); }
            s.Slice(p, lit).CopyTo(dst.AsSpan(o));
            p += lit; o += lit;
            if (p >= s.Length) break;
            int offset = s[p] | s[p + 1] << 8;
            p += 2;
            int ml = token & 15;
            if (ml == 15) { int x; do { x = s[p++]; ml += x; } while (x == 255); }
            ml += 4;
            for (int k = 0; k < ml; k++) { dst[o] = dst[o - offset]; o++; }
        }
        return o;
    }

    private static (long Length, List<(long Length, long NullCount)> Nodes, List<(long Offset, long Length)> Buffers) ReadBatch(Fb fb, int rb)
    {
        long length = fb.I64(rb, 0);
        var nodes = new List<(long, long)>();
        var (nAt, nCount) = fb.Vector(rb, 1);
        for (int i = 0; i < nCount; i++) nodes.Add((fb.RawI64(nAt + 16 * i), fb.RawI64(nAt + 16 * i + 8)));
        var buffers = new List<(long, long)>();
        var (bAt, bCount) = fb.Vector(rb, 2);
        for (int i = 0; i < bCount; i++) buffers.Add((fb.RawI64(bAt + 16 * i), fb.RawI64(bAt + 16 * i + 8)));
        return (length, nodes, buffers);
    }

    /// <summary>Hand decoding of flatbuffers: tables via their vtables, offsets relative to where they are stored.</summary>
    private readonly struct Fb(byte[] b, int start)
    {
        public int Root() => start + BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(start));
        private int Field(int table, int id)
        {
            int vt = table - BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(table));
            int vtSize = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(vt));
            int slot = 4 + 2 * id;
            return slot >= vtSize ? 0 : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(vt + slot));
        }
        public byte U8(int t, int id) { int o = Field(t, id); return o == 0 ? (byte)0 : b[t + o]; }
        public short I16(int t, int id) { int o = Field(t, id); return o == 0 ? (short)0 : BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(t + o)); }
        public int I32(int t, int id) { int o = Field(t, id); return o == 0 ? 0 : BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(t + o)); }
        public long I64(int t, int id) { int o = Field(t, id); return o == 0 ? 0 : BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(t + o)); }
        public long RawI64(int at) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at));
        public int Table(int t, int id)
        {
            int o = Field(t, id);
            if (o == 0) return 0;
            int at = t + o;
            return at + BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at));
        }
        public string? String(int t, int id)
        {
            int s = Table(t, id);
            if (s == 0) return null;
            int len = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(s));
            return Encoding.UTF8.GetString(b, s + 4, len);
        }
        public (int At, int Count) Vector(int t, int id)
        {
            int v = Table(t, id);
            if (v == 0) return (0, 0);
            return (v + 4, BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(v)));
        }
        public IEnumerable<int> TableVector(int t, int id)
        {
            var (at, n) = Vector(t, id);
            var list = new List<int>();
            for (int i = 0; i < n; i++) { int e = at + 4 * i; list.Add(e + BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(e))); }
            return list;
        }
    }
}
