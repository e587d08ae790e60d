namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// A column type as the [option] of spec section 4.2.5.2: a native type id with no value, or a list/set id
/// followed by the element type's [option]. Only the types CacheSync and the system tables need are modelled.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members are named after the CQL types they stand for.")]
public sealed record CqlType(ushort Id, CqlType? Element = null)
{
    public const ushort AsciiId = 0x0001;
    public const ushort BigintId = 0x0002;
    public const ushort BlobId = 0x0003;
    public const ushort BooleanId = 0x0004;
    public const ushort DoubleId = 0x0007;
    public const ushort IntId = 0x0009;
    public const ushort TimestampId = 0x000B;
    public const ushort UuidId = 0x000C;
    public const ushort VarcharId = 0x000D;
    public const ushort TimeuuidId = 0x000F;
    public const ushort InetId = 0x0010;
    public const ushort ListId = 0x0020;
    public const ushort SetId = 0x0022;

    public static CqlType Ascii { get; } = new(AsciiId);
    public static CqlType Bigint { get; } = new(BigintId);
    public static CqlType Blob { get; } = new(BlobId);
    public static CqlType Boolean { get; } = new(BooleanId);
    public static CqlType Double { get; } = new(DoubleId);
    public static CqlType Int { get; } = new(IntId);
    public static CqlType Timestamp { get; } = new(TimestampId);
    public static CqlType Uuid { get; } = new(UuidId);

    /// <summary>text and varchar are the same type on the wire (0x000D); Cassandra reports varchar.</summary>
    public static CqlType Text { get; } = new(VarcharId);

    public static CqlType Varchar => Text;
    public static CqlType Timeuuid { get; } = new(TimeuuidId);
    public static CqlType Inet { get; } = new(InetId);

    public static CqlType ListOf(CqlType element) => new(ListId, element);

    public static CqlType SetOf(CqlType element) => new(SetId, element);

    public bool IsCollection => Id is ListId or SetId;

    public override string ToString() => Id switch
    {
        AsciiId => "ascii",
        BigintId => "bigint",
        BlobId => "blob",
        BooleanId => "boolean",
        DoubleId => "double",
        IntId => "int",
        TimestampId => "timestamp",
        UuidId => "uuid",
        VarcharId => "text",
        TimeuuidId => "timeuuid",
        InetId => "inet",
        ListId => $"list<{Element}>",
        SetId => $"set<{Element}>",
        _ => $"0x{Id:X4}",
    };
}
