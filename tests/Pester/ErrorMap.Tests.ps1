#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The PowerShell face owns the ErrorCategory of each Core issue kind (issue 15): every kind an admin can meet has a
# category to filter on, and a truncated archive in a real read arrives with its id and category.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Map = [VirtDiag.PowerShell.Internal.ErrorMap]
}

Describe 'ErrorMap' {
    It 'gives every issue kind but Skipped and NotRead a category other than NotSpecified' {
        $unmapped = [enum]::GetValues([VirtDiag.Diagnostics.IssueKind]) |
            Where-Object { $_ -notin 'Skipped', 'NotRead' -and $Map::CategoryOf($_) -eq 'NotSpecified' }
        $unmapped | Should -BeNullOrEmpty
    }

    It 'maps the kinds admins filter on' {
        $Map::CategoryOf('FileNotFound') | Should -Be 'ObjectNotFound'
        $Map::CategoryOf('ArchiveTruncated') | Should -Be 'InvalidData'
        $Map::CategoryOf('LineTooLong') | Should -Be 'LimitsExceeded'
        $Map::CategoryOf('MalformedRecord') | Should -Be 'ParserError'
    }

    It 'reports a truncated .gz read with the id and category of the table' {
        $dir = Join-Path ([IO.Path]::GetTempPath()) ("vd-errmap-" + [guid]::NewGuid())
        New-Item -ItemType Directory $dir | Out-Null
        try {
            $text = (1..2000 | ForEach-Object { "2024-05-01T10:00:$('{0:00}' -f ($_ % 60)).000Z cpu1:1234)line $_ of a vmkernel log" }) -join "`n"
            $ms = [IO.MemoryStream]::new()
            $gz = [IO.Compression.GZipStream]::new($ms, [IO.Compression.CompressionLevel]::Optimal, $true)
            $bytes = [Text.Encoding]::UTF8.GetBytes($text)
            $gz.Write($bytes, 0, $bytes.Length); $gz.Dispose()
            $all = $ms.ToArray()
            $file = Join-Path $dir 'vmkernel.log.gz'
            [IO.File]::WriteAllBytes($file, $all[0..([int]($all.Length / 2))])
            $null = Get-VMotionEvent -Path $file -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveTruncated,*'
            $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $e[0].TargetObject | Should -BeLike '*vmkernel.log.gz*'
        }
        finally { Remove-Item -Recurse -Force $dir }
    }
}
