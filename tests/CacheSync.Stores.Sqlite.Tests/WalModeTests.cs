namespace CacheSync.Stores.Sqlite.Tests;

[TestFixture]
public sealed class WalModeTests : StoreTestBase
{
    [Test]
    public void Database_file_is_in_wal_mode()
    {
        using var connection = Database.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.That(command.ExecuteScalar(), Is.EqualTo("wal"));
    }

    [Test]
    public async Task Database_file_stays_in_wal_mode_after_writes()
    {
        await UpsertAsync(1);
        await DeleteAsync(2);

        using var connection = Database.OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.That(command.ExecuteScalar(), Is.EqualTo("wal"));
    }
}
