using Apache.Arrow;
using Apache.Arrow.Compression;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Nitrolyte.Tests.Support;

/// <summary>
/// Reference tables stored as Arrow IPC / Feather v2 (<c>.ftr</c>, LZ4-compressed by pandas) read with Apache.Arrow
/// 23.0.0 (+ Apache.Arrow.Compression for the LZ4 frames): every column as doubles (integers, floats, timestamps in
/// nanoseconds since the Unix epoch; nulls as NaN) and, for string and dictionary-encoded string columns, as text.
/// </summary>
public sealed class ArrowIpcReader
{
    public sealed record Column(string Name, string Type, double[] Values, string?[]? Strings);

    public IReadOnlyList<Column> Columns { get; }
    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Values.Length;
    public Column this[string name] => Columns.First(c => c.Name == name);

    public ArrowIpcReader(string path)
    {
        using var fs = File.OpenRead(path);
        using var reader = new ArrowFileReader(fs, new CompressionCodecFactory());
        var schema = reader.Schema;
        var values = schema.FieldsList.Select(_ => new List<double>()).ToArray();
        var strings = schema.FieldsList.Select(f => IsText(f.DataType) ? new List<string?>() : null).ToArray();
        RecordBatch? batch;
        while ((batch = reader.ReadNextRecordBatch()) is not null)
        {
            using (batch)
            {
                for (int c = 0; c < schema.FieldsList.Count; c++)
                {
                    var array = batch.Column(c);
                    for (int i = 0; i < array.Length; i++)
                    {
                        if (strings[c] is { } s)
                        {
                            s.Add(Text(array, i));
                            values[c].Add(double.NaN);
                        }
                        else values[c].Add(Number(array, i));
                    }
                }
            }
        }
        Columns = schema.FieldsList.Select((f, c) => new Column(f.Name, f.DataType.Name, values[c].ToArray(), strings[c]?.ToArray())).ToList();
    }

    private static bool IsText(IArrowType t) => t is StringType or LargeStringType || (t is DictionaryType d && d.ValueType is StringType or LargeStringType);

    private static string? Text(IArrowArray a, int i) => a switch
    {
        StringArray s => s.GetString(i),
        DictionaryArray d => d.IsNull(i) ? null : ((StringArray)d.Dictionary).GetString(DictionaryIndex(d.Indices, i)),
        _ => throw new InvalidDataException($"not a text column: {a.Data.DataType.Name}"),
    };

    private static int DictionaryIndex(IArrowArray indices, int i) => indices switch
    {
        Int8Array x => x.GetValue(i)!.Value, Int16Array x => x.GetValue(i)!.Value, Int32Array x => x.GetValue(i)!.Value,
        Int64Array x => (int)x.GetValue(i)!.Value, UInt8Array x => x.GetValue(i)!.Value, UInt16Array x => x.GetValue(i)!.Value,
        UInt32Array x => (int)x.GetValue(i)!.Value,
        _ => throw new InvalidDataException($"dictionary index type {indices.Data.DataType.Name}"),
    };

    private static double Number(IArrowArray a, int i)
    {
        if (a.IsNull(i)) return double.NaN;
        return a switch
        {
            DoubleArray x => x.GetValue(i)!.Value,
            FloatArray x => x.GetValue(i)!.Value,
            Int8Array x => x.GetValue(i)!.Value, Int16Array x => x.GetValue(i)!.Value, Int32Array x => x.GetValue(i)!.Value, Int64Array x => x.GetValue(i)!.Value,
            UInt8Array x => x.GetValue(i)!.Value, UInt16Array x => x.GetValue(i)!.Value, UInt32Array x => x.GetValue(i)!.Value, UInt64Array x => x.GetValue(i)!.Value,
            BooleanArray x => x.GetValue(i)!.Value ? 1 : 0,
            TimestampArray x => x.GetValue(i)!.Value * ((TimestampType)x.Data.DataType).Unit switch
            {
                TimeUnit.Second => 1e9, TimeUnit.Millisecond => 1e6, TimeUnit.Microsecond => 1e3, _ => 1,
            },
            _ => throw new InvalidDataException($"column type {a.Data.DataType.Name} not supported"),
        };
    }
}
