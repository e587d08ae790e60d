using System.Globalization;

namespace CacheSync.Stores.Cassandra;

/// <summary>The <c>CacheSync:Cassandra:Replication</c> section, used when the store creates its keyspace.</summary>
public sealed class CassandraReplicationOptions
{
    /// <summary><c>SimpleStrategy</c> (one data centre, development) or <c>NetworkTopologyStrategy</c> (production).</summary>
    public string Class { get; set; } = "SimpleStrategy";

    /// <summary>Replicas with SimpleStrategy.</summary>
    public int ReplicationFactor { get; set; } = 1;

    /// <summary>Replicas per data centre with NetworkTopologyStrategy, e.g. <c>{ "dc1": 3 }</c>.</summary>
    public IDictionary<string, int> DataCenters { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    internal IEnumerable<string> Validate(string path)
    {
        switch (Class)
        {
            case "SimpleStrategy":
                if (ReplicationFactor is < 1 or > 99) yield return $"{path}:ReplicationFactor: must be between 1 and 99, not {ReplicationFactor}.";
                break;
            case "NetworkTopologyStrategy":
                if (DataCenters.Count == 0) yield return $"{path}:DataCenters: NetworkTopologyStrategy needs at least one data centre and its replica count.";
                foreach (var (dc, factor) in DataCenters)
                {
                    if (!CassandraStoreOptions.IdentifierPattern().IsMatch(dc) || factor is < 1 or > 99)
                    {
                        yield return $"{path}:DataCenters:{dc}: needs a plain name and 1 to 99 replicas.";
                    }
                }

                break;
            default:
                yield return $"{path}:Class: '{Class}' must be SimpleStrategy or NetworkTopologyStrategy.";
                break;
        }
    }

    /// <summary>The CQL map literal of the replication setting, e.g. <c>{'class': 'SimpleStrategy', 'replication_factor': 1}</c>.</summary>
    internal string ToCql()
    {
        var entries = new List<string> { $"'class': '{Class}'" };
        if (Class == "SimpleStrategy") entries.Add(string.Create(CultureInfo.InvariantCulture, $"'replication_factor': {ReplicationFactor}"));
        else entries.AddRange(DataCenters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"'{p.Key}': {p.Value}")));
        return "{" + string.Join(", ", entries) + "}";
    }
}
