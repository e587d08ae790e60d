namespace CacheSync.Stores.Cassandra.Cql;

/// <summary>One row of a Rows result: serialized cells, read by column name or position.</summary>
public sealed class CqlRow
{
    private readonly IReadOnlyList<ColumnSpec> _columns;
    private readonly byte[]?[] _cells;

    internal CqlRow(IReadOnlyList<ColumnSpec> columns, byte[]?[] cells)
    {
        _columns = columns;
        _cells = cells;
    }

    public int Count => _cells.Length;

    public IReadOnlyList<ColumnSpec> Columns => _columns;

    /// <summary>The raw serialized cell; null for a null cell.</summary>
    public byte[]? Raw(int index) => _cells[index];

    public object? this[int index] => CqlValueCodec.Deserialize(_cells[index], _columns[index].Type);

    public object? this[string name] => this[IndexOf(name)];

    public T? Get<T>(string name) => this[name] is { } value ? (T)value : default;

    public int IndexOf(string name)
    {
        for (var i = 0; i < _columns.Count; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.Ordinal)) return i;
        }

        throw new KeyNotFoundException($"The result has no column '{name}'.");
    }
}
