#Requires -Modules Pester
# Pester 5: the triage in a real engine — examples/, an empty folder, a log line holding markup, -OutFile and -WhatIf.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Examples = Join-Path $script:RepoRoot 'examples'
}

Describe 'Invoke-VirtDiagTriage' {
    It 'lists the findings of examples/ most severe first, each with its record' {
        $r = Invoke-VirtDiagTriage -Path $script:Examples -WarningAction SilentlyContinue
        $r | Should -BeOfType ([VirtDiag.TriageReport])
        $r.Hosts.HostName | Should -Be @('app01', 'esx-a.lab', 'esx-b.lab', 'esx-c.lab', 'rhvh01.lab')
        $r.Findings[0].Severity | Should -Be 'Critical'
        $psod = $r.Findings | Where-Object Kind -eq 'PurpleScreen'
        $psod.Record.Category | Should -Be 'PageFault'
        $psod.LineNumber | Should -Be 1
        $vm = $r.Findings | Where-Object Kind -eq 'VMotionFailed'
        $vm.Record.MigrationId | Should -Be '1761994964500011'
        $vm.Record.FailureReason | Should -Be 'Timeout'
        ($r.Findings | Where-Object Kind -eq 'VdsmCommandFailed').Record.ExitCode | Should -Be 1
        ($r.Hosts | Where-Object HostName -eq 'esx-c.lab').Reboots[0].Kind | Should -Be 'Booted'
        $r.UnreadFiles | Should -HaveCount 2   # guest/windows-system-event.txt and psod/esx-c.lab-psod.txt: names match no log kind
    }

    It 'shows the summary as its default view' {
        $text = Invoke-VirtDiagTriage -Path $script:Examples -WarningAction SilentlyContinue | Out-String -Width 120
        $text | Should -Match 'Findings: 2 critical, 4 error, 0 warning, 1 info'
        $text | Should -Match 'esx-c\.lab +VmKernel,VmkSummary'
    }

    It 'says nothing was found for an empty folder, without an error' {
        $empty = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty')
        $r = Invoke-VirtDiagTriage -Path $empty.FullName -ErrorVariable e
        $e | Should -HaveCount 0
        $r.NothingFound | Should -BeTrue
        $r.Summary | Should -Match '^Nothing found: no log documents in '
    }

    It 'writes one HTML file where a logged script tag stays text' {
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'guest')
        @(
            'Nov  3 04:10:00 web07 kernel: [  100.000001] Kernel panic - not syncing: <script>alert(1)</script> & more'
        ) | Set-Content -Path (Join-Path $dir 'messages')
        $out = Join-Path $TestDrive 'r.html'
        $r = Invoke-VirtDiagTriage -Path $dir.FullName -OutFile $out -Year 2026
        $r.Findings[0].Kind | Should -Be 'GuestFailure'
        $html = Get-Content -Raw $out
        $html | Should -Match '&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; more'
        $html | Should -Not -Match '<script>alert'
        $html | Should -Match "default-src 'none'"
    }

    It 'does not write the file under -WhatIf' {
        $out = Join-Path $TestDrive 'whatif.html'
        $null = Invoke-VirtDiagTriage -Path $script:Examples -OutFile $out -WhatIf -WarningAction SilentlyContinue
        Test-Path $out | Should -BeFalse
    }

    It 'refuses a zero gap threshold' {
        { Invoke-VirtDiagTriage -Path $script:Examples -GapThreshold 0 } | Should -Throw -ErrorId 'ThresholdNotPositive,VirtDiag.PowerShell.Commands.InvokeVirtDiagTriageCommand'
    }
}
