# Pester 5. Mirrors tests/VirtDiag.Tests/Timeline/TimelineTests.cs.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $script:examples = Join-Path $PSScriptRoot '../../examples'
}

Describe 'Get-VirtDiagTimeline' {
    It 'merges every host and source of the examples in time order' {
        $t = Get-VirtDiagTimeline -Path $examples -WarningAction SilentlyContinue
        $times = $t | Where-Object Timestamp | ForEach-Object Timestamp
        ($times -join '|') | Should -Be (($times | Sort-Object) -join '|')
        ($t.HostName | Sort-Object -Unique) | Should -Be @('app01', 'esx-a.lab', 'esx-b.lab', 'esx-c.lab', 'rhvh01.lab')
        ($t.Source | Sort-Object -Unique) | Should -Be @('VMotion', 'Vdsm', 'Psod', 'Guest')
        ($t | Where-Object Placement -ne 'AsWritten').Count | Should -Be 0
    }

    It 'moves esx-b.lab onto esx-a.lab''s clock and reports the hosts it cannot place' {
        $t = Get-VirtDiagTimeline -Path $examples -EstimateClockSkew -WarningVariable w -WarningAction SilentlyContinue
        $b = $t | Where-Object HostName -eq 'esx-b.lab' | Select-Object -First 1
        $b.Placement | Should -Be 'Reconciled'
        $b.ClockOffset.TotalSeconds | Should -Be -3.9235
        $b.Timestamp | Should -Be ($b.OriginalTimestamp - $b.ClockOffset)
        ($t | Where-Object HostName -eq 'app01').Placement | Should -Be @('Unreconciled', 'Unreconciled')
        @($w | Where-Object { "$_" -match 'Unplaced: 2 entries of host app01' }).Count | Should -Be 1
    }

    It 'takes offsets by hand and they win over estimates' {
        $t = Get-VirtDiagTimeline -Path $examples -EstimateClockSkew -ClockOffset @{ 'esx-b.lab' = 12.5 } -HostName 'esx-b*' -WarningAction SilentlyContinue
        $t | ForEach-Object { $_.ClockOffset.TotalSeconds | Should -Be 12.5 }
    }

    It 'filters by severity and source before merging' {
        $t = Get-VirtDiagTimeline -Path $examples -Severity Error -Source VMotion, Guest -WarningAction SilentlyContinue
        $t.Kind | Should -Be @('Oops', 'KernelPanic', 'Failure', 'Failure', 'Failure')
        $t[0].Record.GetType().FullName | Should -Be 'VirtDiag.GuestOsFailure'
    }

    It 'shows time, host, source and kind whole in 120 columns' {
        $text = Get-VirtDiagTimeline -Path $examples -Severity Critical -WarningAction SilentlyContinue | Out-String -Width 120
        $text | Should -Match 'app01\s+Guest\s+Critical KernelPanic\s+KernelPanic: Kernel panic'
    }

    It 'writes JSON with the offset as a time span and enums as names' {
        $json = Get-VirtDiagTimeline -Path $examples -EstimateClockSkew -HostName esx-b.lab -Severity Error -WarningAction SilentlyContinue | Select-Object -First 1 -Property Timestamp, Source, Placement | ConvertTo-Json -EnumsAsStrings
        $json | Should -Match '"Source": "VMotion"'
        $json | Should -Match '"Placement": "Reconciled"'
    }

    It 'refuses a clock offset that is not a number' {
        { Get-VirtDiagTimeline -Path $examples -ClockOffset @{ 'esx-b.lab' = 'soon' } } | Should -Throw -ErrorId 'InvalidClockOption,VirtDiag.PowerShell.Commands.GetVirtDiagTimelineCommand'
    }
}
