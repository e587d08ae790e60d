namespace CacheSync.Testing.CqlPeer;

/// <summary>
/// The parsed &lt;query_parameters&gt; of QUERY/EXECUTE (spec 4.1.4), also used for the trailer of a BATCH
/// (&lt;consistency&gt;&lt;flags&gt;[&lt;serial_consistency&gt;][&lt;timestamp&gt;], spec 4.1.7), where Values
/// stays empty and PageSize/PagingState stay null.
/// </summary>
public sealed record QueryParameters(
    CqlConsistency Consistency,
    byte Flags,
    IReadOnlyList<BoundValue> Values,
    int? PageSize,
    byte[]? PagingState,
    CqlConsistency? SerialConsistency,
    long? DefaultTimestamp)
{
    public const byte ValuesFlag = 0x01;
    public const byte SkipMetadataFlag = 0x02;
    public const byte PageSizeFlag = 0x04;
    public const byte PagingStateFlag = 0x08;
    public const byte SerialConsistencyFlag = 0x10;
    public const byte DefaultTimestampFlag = 0x20;
    public const byte NamesForValuesFlag = 0x40;

    public bool SkipMetadata => (Flags & SkipMetadataFlag) != 0;

    public bool HasNamesForValues => (Flags & NamesForValuesFlag) != 0;

    public override string ToString() =>
        $"consistency={Consistency} flags=0x{Flags:X2} values=[{string.Join(", ", Values)}] pageSize={PageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} " +
        $"pagingState={(PagingState is null ? "-" : Convert.ToHexString(PagingState))} serial={SerialConsistency?.ToString() ?? "-"} " +
        $"timestamp={DefaultTimestamp?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
}
