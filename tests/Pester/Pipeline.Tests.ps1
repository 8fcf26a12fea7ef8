#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# What an admin does next with the records: stop early, save to CSV and JSON and read them back (issue 14 item 11:
# the recipe of about_VirtDiag "Saving results: CSV and JSON" run as written).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Examples = Join-Path $script:RepoRoot 'examples'
}

Describe 'Select-Object -First' {
    BeforeAll {
        # SYNTHETIC: 40,000 vMotion lines (about 6 MB) gzip-compressed, then cut short. A reader that runs to the end
        # reports the cut; one stopped by Select-Object -First never reaches it.
        $plain = Join-Path $TestDrive 'vmkernel.log'
        $lines = foreach ($i in 1..40000) {
            '2026-04-14T10:{0:00}:{1:00}.100Z cpu4:2100001)VMotionUtil: 3396: 17761608001{2:00000} S: Stream connection 1 added.' -f ([math]::Floor($i / 60) % 60), ($i % 60), $i
        }
        [IO.File]::WriteAllLines($plain, [string[]]$lines)
        $script:Cut = Join-Path $TestDrive 'vmkernel.1.gz'
        $gz = [IO.File]::Create("$plain.gz")
        $zip = [IO.Compression.GZipStream]::new($gz, [IO.Compression.CompressionLevel]::Fastest)
        $in = [IO.File]::OpenRead($plain); $in.CopyTo($zip); $in.Dispose(); $zip.Dispose()
        $all = [IO.File]::ReadAllBytes("$plain.gz")
        [IO.File]::WriteAllBytes($script:Cut, $all[0..([int]($all.Length * 0.9))])
    }

    It 'reads the whole cut file when not stopped, and reports the cut' {
        $events = @(Get-VMotionEvent -LiteralPath $script:Cut -HostName esx01 -ErrorVariable e -ErrorAction SilentlyContinue)
        $events.Count | Should -BeGreaterThan 30000
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveTruncated,*'
    }

    It 'stops reading at the first record' {
        $first = @(Get-VMotionEvent -LiteralPath $script:Cut -HostName esx01 -ErrorVariable e -ErrorAction SilentlyContinue | Select-Object -First 2)
        $first | Should -HaveCount 2
        $first[0].MigrationId | Should -Be '1776160800100001'
        $e | Should -BeNullOrEmpty -Because 'the reader never reached the cut near the end'
    }
}

Describe 'CSV and JSON as about_VirtDiag shows them' {
    It 'a task table round-trips through Export-Csv and Import-Csv' {
        $csv = Join-Path $TestDrive 'tasks.csv'
        Get-VdsmTask -Path $script:Examples -WarningAction SilentlyContinue |
            Select-Object @{ Name = 'StartTime'; Expression = { $_.StartTime.ToString('o') } }, Verb, Result, TaskId,
            @{ Name = 'DurationSeconds'; Expression = { $_.Duration.TotalSeconds } },
            @{ Name = 'States'; Expression = { $_.States.To -join ' > ' } } |
            Export-Csv $csv -NoTypeInformation
        $rows = @(Import-Csv $csv)
        $rows | Should -HaveCount 3   # getSpmStatus, its JSON-RPC call, and the failed async copy task 7d5e1f20…
        $rows[0].Verb | Should -Be 'getSpmStatus'
        $rows[0].Result | Should -Be 'Succeeded'
        $rows[0].TaskId | Should -Be '2f7a3c1e-1111-4b6f-9c3a-000000000001'
        [double]$rows[0].DurationSeconds | Should -Be 0.039
        [datetimeoffset]$rows[0].StartTime | Should -Be ([datetimeoffset]'2026-11-01T09:30:00.101Z')
        $rows[0].StartTime | Should -Be '2026-11-01T09:30:00.1010000+00:00'
        (Get-Content $csv -Raw) | Should -Not -Match 'System\.'
    }

    It 'a migration as JSON has enums as names and the duration in seconds' {
        $json = Get-VMotionMigration -Path $script:Examples -Result Failed -WarningAction SilentlyContinue |
            Select-Object MigrationId, VMName, Result, FailureReason,
            @{ Name = 'DurationSeconds'; Expression = { $_.Duration.TotalSeconds } } |
            ConvertTo-Json -EnumsAsStrings
        $o = $json | ConvertFrom-Json
        $o.MigrationId | Should -Be '1761994964500011'
        $o.Result | Should -Be 'Failed'
        $o.DurationSeconds | Should -Be 90.042
        $json | Should -Match '"Result": "Failed"'
    }

    It 'without the recipe, a record still converts: times keep their offset and the array its items' {
        $o = Get-VMotionMigration -Path $script:Examples -WarningAction SilentlyContinue | Select-Object -First 1 |
            ConvertTo-Json -Depth 2 -EnumsAsStrings -WarningAction SilentlyContinue | ConvertFrom-Json -DateKind String
        $o.StartTime | Should -Be '2026-11-01T10:15:02.098+00:00'
        $o.Duration.TotalSeconds | Should -Be 8.304
        $o.HostsSeen | Should -Be @('esx-a.lab', 'esx-b.lab')
        $o.Result | Should -Be 'Succeeded'
    }
}
