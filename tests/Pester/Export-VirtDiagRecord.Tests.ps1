#Requires -Modules Pester
# Pester 5: the export in a real engine — examples/ to Parquet with the readers' own counts, a re-export that replaces
# its parts, -WhatIf, the errors an admin meets, and ClickHouse when CI started a server (VIRTDIAG_CLICKHOUSE_URL).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Examples = Join-Path $script:RepoRoot 'examples'
    $script:Out = Join-Path ([IO.Path]::GetTempPath()) ('vd-export-' + [guid]::NewGuid())
    function script:RowsOf($parts, $table) { ($parts | Where-Object Table -eq $table | Measure-Object Rows -Sum).Sum }
}

AfterAll {
    if (Test-Path $script:Out) { Remove-Item -Recurse -Force $script:Out }
}

Describe 'Export-VirtDiagRecord' {
    It 'writes one Parquet part per table and host with the rows the readers return' {
        $parts = Export-VirtDiagRecord -Path $script:Examples -Destination $script:Out -WarningAction SilentlyContinue
        $parts[0].GetType().FullName | Should -Be 'VirtDiag.Export.ExportedPartition'
        RowsOf $parts 'vmotion_events' | Should -Be (Get-VMotionEvent -Path $script:Examples -WarningAction SilentlyContinue).Count
        RowsOf $parts 'vmotion_migrations' | Should -Be (Get-VMotionMigration -Path $script:Examples -WarningAction SilentlyContinue).Count
        RowsOf $parts 'vdsm_tasks' | Should -Be 3
        RowsOf $parts 'purple_screens' | Should -Be 1
        ($parts | Where-Object Table -eq 'vmotion_events').HostName | Sort-Object | Should -Be @('esx-a.lab', 'esx-b.lab')
        foreach ($p in $parts) {
            $p.File | Should -BeLike (Join-Path $script:Out "$($p.Table)/host=$($p.HostName)/part-*.parquet")
            $bytes = [IO.File]::ReadAllBytes($p.File)
            [Text.Encoding]::ASCII.GetString($bytes, 0, 4) | Should -Be 'PAR1'
            [Text.Encoding]::ASCII.GetString($bytes, $bytes.Length - 4, 4) | Should -Be 'PAR1'
        }
    }

    It 'replaces the parts of the same input when exported again' {
        $first = @(Get-ChildItem -Recurse -File -Filter *.parquet $script:Out).Count
        $again = Export-VirtDiagRecord -Path $script:Examples -Destination $script:Out -WarningAction SilentlyContinue
        @(Get-ChildItem -Recurse -File -Filter *.parquet $script:Out).Count | Should -Be $first
        $again.Count | Should -Be $first
    }

    It 'writes nothing with -WhatIf' {
        $dir = Join-Path $script:Out 'whatif'
        Export-VirtDiagRecord -Path $script:Examples -Destination $dir -WhatIf -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        Test-Path $dir | Should -BeFalse
    }

    It 'stops with an error id when no target is given or the URL is not http' {
        { Export-VirtDiagRecord -Path $script:Examples -ErrorAction Stop } | Should -Throw -ErrorId 'NoExportTarget,VirtDiag.PowerShell.Commands.ExportVirtDiagRecordCommand'
        { Export-VirtDiagRecord -Path $script:Examples -ClickHouseUri 'ftp://127.0.0.1/' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidClickHouseUri,VirtDiag.PowerShell.Commands.ExportVirtDiagRecordCommand'
    }

    It 'names the file of a truncated archive and exports the rest' {
        $dir = Join-Path $script:Out 'cut'
        New-Item -ItemType Directory $dir | Out-Null
        $vmk = Get-Content -Raw (Join-Path $script:Examples 'esx-esx-a.lab-2026-11-01--12.00-1001/var/run/log/vmkernel.log')
        $ms = [IO.MemoryStream]::new()
        $gz = [IO.Compression.GZipStream]::new($ms, [IO.Compression.CompressionLevel]::Optimal, $true)
        $b = [Text.Encoding]::UTF8.GetBytes(($vmk + "`n") * 40); $gz.Write($b, 0, $b.Length); $gz.Dispose()
        $all = $ms.ToArray()
        [IO.File]::WriteAllBytes((Join-Path $dir 'vmkernel.log.gz'), $all[0..([int]($all.Length * 0.6))])
        $parts = Export-VirtDiagRecord -LiteralPath (Join-Path $dir 'vmkernel.log.gz') -Destination (Join-Path $dir 'out') -HostName esx-cut.lab -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveTruncated,*'
        $e[0].TargetObject | Should -BeLike '*vmkernel.log.gz*'
        RowsOf $parts 'vmotion_events' | Should -BeGreaterThan 0
        ($parts | Where-Object Table -eq 'vmotion_events').HostName | Should -Be 'esx-cut.lab'
    }

    It 'loads into ClickHouse once: a second run finds every load there' -Skip:(-not $env:VIRTDIAG_CLICKHOUSE_URL) {
        $db = 'pester_' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $first = Export-VirtDiagRecord -Path $script:Examples -ClickHouseUri $env:VIRTDIAG_CLICKHOUSE_URL -Database $db -WarningAction SilentlyContinue
        $second = Export-VirtDiagRecord -Path $script:Examples -ClickHouseUri $env:VIRTDIAG_CLICKHOUSE_URL -Database $db -WarningAction SilentlyContinue
        ($first | Where-Object AlreadyLoaded).Count | Should -Be 0
        ($second | Where-Object { -not $_.AlreadyLoaded }).Count | Should -Be 0
        $count = Invoke-RestMethod -Uri ($env:VIRTDIAG_CLICKHOUSE_URL + '?query=' + [uri]::EscapeDataString("SELECT count() FROM $db.vmotion_events"))
        [int]$count | Should -Be (RowsOf $first 'vmotion_events')
        Invoke-RestMethod -Method Post -Uri ($env:VIRTDIAG_CLICKHOUSE_URL + '?query=' + [uri]::EscapeDataString("DROP DATABASE $db")) | Out-Null
    }
}
